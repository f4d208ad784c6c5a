/**
 * Sessions keyed by terminal id, with the caps on sessions and clients, and the idle timer that
 * ends a session nobody has been attached to for a while.
 */
import type { DemoServerConfig } from './config.ts'
import { resolveDemoFolder } from './demo-paths.ts'
import { type AttachRequest, ErrorCode } from './protocol.ts'
import { Session, type SessionClient } from './session.ts'

/** A refusal with a stable code; `overCapacity` refusals also close the connection. */
export class AttachError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly overCapacity = false) {
    super(message)
    this.name = 'AttachError'
  }
}

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()

  constructor(private readonly config: DemoServerConfig) {}

  get size(): number {
    return this.sessions.size
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id)
  }

  /** Finds or starts the session a client names and attaches the client to it. */
  async attach(client: SessionClient, request: AttachRequest): Promise<Session> {
    const folder = await resolveDemoFolder(this.config.demosRoot, request.demo)
    let session = this.sessions.get(request.session)
    if (session) {
      if (session.demo !== request.demo)
        throw new AttachError(ErrorCode.DemoMismatch, `session "${request.session}" runs in demos/${session.demo}, not demos/${request.demo}`)
      if (session.clients.size >= this.config.maxClientsPerSession)
        throw new AttachError(ErrorCode.TooManyClients, `session "${request.session}" already has ${session.clients.size} clients`, true)
    }
    else {
      // At the cap, a session nobody watches makes room before a newcomer is refused.
      const idle = [...this.sessions.values()].find(candidate => candidate.clients.size === 0)
      if (this.sessions.size >= this.config.maxSessions && idle)
        void this.end(idle)
      if (this.sessions.size >= this.config.maxSessions)
        throw new AttachError(ErrorCode.TooManySessions, `the server already runs ${this.sessions.size} sessions`, true)
      session = new Session(request.session, request.demo, folder, { cols: request.cols, rows: request.rows }, this.config)
      try {
        session.start()
      }
      catch (error) {
        throw new AttachError(ErrorCode.SpawnFailed, `could not start a shell: ${(error as Error).message}`)
      }
      this.sessions.set(request.session, session)
    }
    clearTimeout(this.idleTimers.get(request.session))
    this.idleTimers.delete(request.session)
    session.attach(client)
    return session
  }

  detach(session: Session, client: SessionClient): void {
    session.detach(client)
    if (session.clients.size > 0 || this.sessions.get(session.id) !== session)
      return
    clearTimeout(this.idleTimers.get(session.id))
    this.idleTimers.set(session.id, setTimeout(() => {
      this.idleTimers.delete(session.id)
      if (session.clients.size === 0)
        void this.end(session)
    }, this.config.idleTimeoutMs))
  }

  /** Removes the session and kills its processes. */
  async end(session: Session): Promise<void> {
    if (this.sessions.get(session.id) === session)
      this.sessions.delete(session.id)
    clearTimeout(this.idleTimers.get(session.id))
    this.idleTimers.delete(session.id)
    await session.close()
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map(session => this.end(session)))
  }
}
