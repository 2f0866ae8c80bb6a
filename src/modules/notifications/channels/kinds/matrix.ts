import type { ChannelKind } from './kind.js';
import { escapeHtml, joinUrl, SEVERITY_MARK, text } from './kind-helpers.js';

/**
 * Matrix Client-Server API, PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId} (spec.matrix.org,
 * client-server-api, "m.notice": what bots send) with the access token as Bearer. The delivery id is the
 * transaction id, so the homeserver drops a retry of a message it already has.
 */
export const matrix: ChannelKind = {
  kind: 'matrix',
  label: 'Matrix',
  fields: [
    { key: 'homeserver', label: 'Homeserver', type: 'url', required: true, help: 'e.g. https://matrix.example.org' },
    { key: 'access_token', label: 'Access token', type: 'string', required: true, secret: true },
    { key: 'room_id', label: 'Room ID', type: 'string', required: true, help: 'Room settings → Advanced: !…, not an #alias' },
  ],
  validate(config): Record<string, string> {
    return text(config.room_id).startsWith('!') ? {} : { room_id: 'A room ID starts with "!" (an #alias cannot be sent to).' };
  },
  async send(m, config, ctx) {
    const plain = [`${SEVERITY_MARK[m.severity]} ${m.title}`, m.message, ...(m.url ? [m.url] : [])];
    const html = [
      `<strong>${SEVERITY_MARK[m.severity]} ${escapeHtml(m.title)}</strong>`,
      escapeHtml(m.message).replace(/\n/g, '<br>'),
      ...(m.url ? [`<a href="${escapeHtml(m.url)}">Open in Everyst</a>`] : []),
    ];
    const body = { msgtype: 'm.notice', body: plain.join('\n'), format: 'org.matrix.custom.html', formatted_body: html.join('<br>') };
    const path = `_matrix/client/v3/rooms/${encodeURIComponent(text(config.room_id))}/send/m.room.message/${encodeURIComponent(m.deliveryId)}`;
    await ctx.http({
      url: joinUrl(text(config.homeserver), path),
      method: 'PUT',
      headers: { Authorization: `Bearer ${text(config.access_token)}` },
      body: JSON.stringify(body),
    });
  },
};
