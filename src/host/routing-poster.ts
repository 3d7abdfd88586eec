import type { Reply } from '../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../core/services.ts';
import type { Logger } from '../core/ports.ts';

/** One Poster for the core that hands each post to the adapter of its platform. */
export class RoutingPoster implements Poster {
  private readonly posters = new Map<ChannelRef['platform'], Poster>();

  constructor(private readonly logger: Logger) {}

  register(platform: ChannelRef['platform'], poster: Poster): void {
    this.posters.set(platform, poster);
  }

  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    const poster = this.posters.get(channel.platform);
    if (!poster) {
      this.logger.warn({ channel }, 'no adapter is running for this platform; post dropped');
      return;
    }
    await poster.post(channel, reply);
  }
}
