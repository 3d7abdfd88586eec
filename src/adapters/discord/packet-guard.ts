import type { Client } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import { errorContext } from './api-errors.ts';

/** A gateway packet as discord.js's WebSocketManager hands it to its packet handlers. */
interface Packet {
  readonly t?: unknown;
  readonly d?: unknown;
}

type HandlePacket = (packet: Packet | undefined, shard: unknown) => boolean;

/**
 * What the handlers read of the dispatches they act on: a packet missing one of these is dropped
 * (and logged) before discord.js builds objects from it. Only the platform can send these, but a
 * malformed one used to crash the process (a MESSAGE_CREATE without an author, an INTERACTION_CREATE
 * without its data, any dispatch whose `d` is null).
 */
const REQUIRED: Readonly<Record<string, (d: Record<string, unknown>) => string | undefined>> = Object.freeze({
  MESSAGE_CREATE: d =>
    typeof d.id !== 'string' ? 'no id' : typeof d.channel_id !== 'string' ? 'no channel_id' : !isObject(d.author) || typeof d.author.id !== 'string' ? 'no author' : undefined,
  INTERACTION_CREATE: d => {
    if (typeof d.id !== 'string' || typeof d.token !== 'string') return 'no id or token';
    if (d.type !== 1 && !isObject(d.data)) return 'no data';
    if (!isObject(d.user) && !(isObject(d.member) && isObject(d.member.user))) return 'no user';
    return undefined;
  },
});

/**
 * Wraps discord.js's gateway packet handling (WebSocketManager.handlePacket, internal but stable
 * across v14): a dispatch whose `d` is not an object, or lacks what {@link REQUIRED} names, is
 * dropped and logged; an error thrown while discord.js handles a packet is logged with the packet's
 * type and the bot goes on with the next one.
 */
export function guardGatewayPackets(client: Client, logger: Logger): void {
  const ws = client.ws as unknown as { handlePacket?: HandlePacket };
  const original = ws.handlePacket;
  if (typeof original !== 'function') {
    logger.warn({}, 'discord: cannot guard gateway packets (discord.js internals changed); relying on the last-resort handler');
    return;
  }
  ws.handlePacket = function guarded(this: unknown, packet, shard) {
    if (packet && typeof packet.t === 'string') {
      const problem = !isObject(packet.d) ? 'no data object' : REQUIRED[packet.t]?.(packet.d);
      if (problem !== undefined) {
        logger.warn({ type: packet.t, problem }, 'discord: dropped a malformed gateway packet');
        return true;
      }
    }
    try {
      return original.call(this, packet, shard);
    } catch (error) {
      logger.error({ type: packet?.t, err: errorContext(error) }, 'discord: a gateway packet could not be handled; going on with the next one');
      return true;
    }
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
