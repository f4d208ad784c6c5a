/**
 * The demo server's engine followers, one per scope, made when a window first asks for that scope.
 * Each follower itself costs nothing while no window watches (engine-follower.ts).
 */
import { scanDemos } from '../docker/demo-scan.ts'
import type { LogFn } from '../config.ts'
import type { EngineScope } from '../protocol.ts'
import { EngineFollower, type EngineListener } from './engine-follower.ts'

export class EngineWatchers {
  private readonly followers = new Map<EngineScope, EngineFollower>()

  constructor(private readonly demosRoot: string, private readonly log: LogFn) {}

  /** Sends `listener` the picture of `scope`, then its changes; returns the function that stops it. */
  watch(scope: EngineScope, listener: EngineListener): () => void {
    let follower = this.followers.get(scope)
    if (!follower) {
      follower = new EngineFollower({ scope, log: this.log, demoImages: async () => (await scanDemos(this.demosRoot)).images.keys() })
      this.followers.set(scope, follower)
    }
    return follower.subscribe(listener)
  }

  close(): void {
    for (const follower of this.followers.values())
      follower.close()
  }
}
