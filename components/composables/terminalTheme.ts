/**
 * Terminal colours for the deck's light and dark schemes. Picked for a projector: high contrast
 * foreground, no pale yellow on white, and ANSI colours that stay readable on both backgrounds.
 */
import type { ITheme } from '@xterm/xterm'

export const darkTheme: ITheme = {
  background: '#16181d',
  foreground: '#e6e6e6',
  cursor: '#f0f0f0',
  cursorAccent: '#16181d',
  selectionBackground: '#3e5a86',
  black: '#2e3138',
  red: '#ff6b6b',
  green: '#7ed67e',
  yellow: '#f2d26b',
  blue: '#6cb6ff',
  magenta: '#e08cf0',
  cyan: '#5fd7d7',
  white: '#d0d0d0',
  brightBlack: '#8a8f98',
  brightRed: '#ff8f8f',
  brightGreen: '#a2eea2',
  brightYellow: '#ffe08a',
  brightBlue: '#91c8ff',
  brightMagenta: '#f0aefa',
  brightCyan: '#8ef0f0',
  brightWhite: '#ffffff',
}

export const lightTheme: ITheme = {
  background: '#fbfbfa',
  foreground: '#1d1f23',
  cursor: '#1d1f23',
  cursorAccent: '#fbfbfa',
  selectionBackground: '#b7d3f5',
  black: '#1d1f23',
  red: '#c4242c',
  green: '#1f7a28',
  yellow: '#8a6100',
  blue: '#1a5fb4',
  magenta: '#8f2aa3',
  cyan: '#0f6e7a',
  white: '#5c6068',
  brightBlack: '#5c6068',
  brightRed: '#d7363e',
  brightGreen: '#2c8f36',
  brightYellow: '#9e7200',
  brightBlue: '#2a6fc9',
  brightMagenta: '#a23bb6',
  brightCyan: '#18808c',
  brightWhite: '#1d1f23',
}

export function terminalTheme(dark: boolean): ITheme {
  return dark ? darkTheme : lightTheme
}
