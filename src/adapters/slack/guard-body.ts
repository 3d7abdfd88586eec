import { HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../core/ports.ts';

/**
 * Bolt's HTTP receiver reads fields of the parsed body before anything of ours runs, and a body
 * that parses to something other than an object (`null`, `1`, `[]`, `payload=null`) crashed the
 * process from inside Bolt. Only Slack, or someone holding the signing secret, can send a signed
 * one, but one bad request must not take the bot down: this wraps the receiver's request listener,
 * buffers the body (Bolt then reads the buffered copy), and answers such a body itself: 401 when the
 * signature is wrong (as Bolt would), else 400, logged. Every other request goes to Bolt unchanged.
 */
export function guardRequestBodies(receiver: HTTPReceiver, options: { readonly signingSecret: string; readonly endpoints: readonly string[]; readonly logger: Logger }): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = safePath(req.url);
    if (req.method?.toUpperCase() !== 'POST' || path === undefined || !options.endpoints.includes(path)) return inner(req, res);
    void (async () => {
      try {
        await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
      } catch {
        // Too large or cut off: Bolt gives its own answer for a body it cannot read.
        return inner(req, res);
      }
      if (isObjectBody(req as IncomingMessage & { rawBody: Buffer })) return inner(req, res);
      try {
        await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: options.signingSecret, enabled: true }, req);
      } catch {
        return inner(req, res); // not signed right: Bolt answers 401 and logs it as usual
      }
      options.logger.warn({ path, contentType: req.headers['content-type'], bytes: (req as { rawBody?: Buffer }).rawBody?.length }, 'signed Slack request whose body is not an object; answered 400');
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    })().catch((error: unknown) => {
      options.logger.error({ err: error, path }, 'Slack request could not be handled');
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    });
  };
}

function safePath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** Whether Bolt's own parser turns the body into a plain object (what its receiver goes on to read). */
function isObjectBody(req: IncomingMessage & { rawBody: Buffer }): boolean {
  try {
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(req);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return true; // unparseable: Bolt answers 400 itself
  }
}
