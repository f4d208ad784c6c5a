/**
 * The invisible markers server/shell/bashrc prints around each prompt, in one place for every reader
 * (the run queue's PromptWatcher, the recorder, the demo tests, the bench). They are OSC 633
 * sequences, VS Code's shell-integration number; xterm.js ignores OSC sequences it has no handler for.
 *
 * - `ESC ] 633 ; D ; <$?> BEL`, from PROMPT_COMMAND: the last command finished with that status.
 * - `ESC ] 633 ; B BEL`, at the end of PS1: readline has drawn the prompt and reads the keyboard.
 *   Keys sent between the two are echoed once by the terminal driver and again by readline, so
 *   the run queue types only after the second.
 */

/** What every marker starts with. */
export const MARKER_START = '\x1b]633;'
/** What starts a "command finished" marker; the exit status and BEL follow. */
export const COMMAND_DONE_PREFIX = '\x1b]633;D;'
/** The "prompt drawn" marker. */
export const PROMPT_READY = '\x1b]633;B\x07'

const COMMAND_DONE_SOURCE = '\\x1b\\]633;D;(\\d*)\\x07'

/** A fresh regular expression for "command finished", the status in group 1 (empty if none). */
export function commandDonePattern(flags = ''): RegExp {
  return new RegExp(COMMAND_DONE_SOURCE, flags)
}

/** Either marker, global: group 1 holds the status of a "command finished" marker, and is
 * undefined for "prompt drawn". */
export function shellMarkerPattern(): RegExp {
  return new RegExp(`\\x1b\\]633;(?:D;(\\d*)|B)\\x07`, 'g')
}
