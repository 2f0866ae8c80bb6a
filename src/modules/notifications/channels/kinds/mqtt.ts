import { CONNECTION_FAILED } from '../webhook.js';
import { ChannelFailure, type ChannelKind } from './kind.js';
import { text } from './kind-helpers.js';
import { publishOnce } from './mqtt-publish.js';

function parsed(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * MQTT, OASIS "MQTT Version 3.1.1" §3.3 PUBLISH (docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html):
 * one connection per message, a JSON payload `{event, severity, title, message, source, time, url}` to the topic.
 */
export const mqtt: ChannelKind = {
  kind: 'mqtt',
  label: 'MQTT',
  fields: [
    { key: 'url', label: 'Broker URL', type: 'url', required: true, schemes: ['mqtt', 'mqtts'], help: 'mqtt://broker:1883 or mqtts://broker:8883' },
    { key: 'topic', label: 'Topic', type: 'string', required: true, help: 'e.g. everyst/alerts' },
    { key: 'username', label: 'Username', type: 'string' },
    { key: 'password', label: 'Password', type: 'string', secret: true },
    { key: 'qos', label: 'QoS', type: 'integer', min: 0, max: 2, default: 1 },
    { key: 'retain', label: 'Retain', type: 'boolean', default: false },
  ],
  validate(config): Record<string, string> {
    const errors: Record<string, string> = {};
    const url = parsed(text(config.url));
    if (url && (url.username || url.password)) errors.url = 'Credentials go in Username and Password, not in the URL.';
    if (/[+#\u0000]/.test(text(config.topic))) errors.topic = 'A topic to publish to has no wildcards (+, #).';
    return errors;
  },
  async send(m, config, ctx) {
    const url = parsed(text(config.url));
    if (!url) throw new ChannelFailure(CONNECTION_FAILED);
    const target = await ctx.policy.check(url.hostname);
    if (!target.ok) throw new ChannelFailure(CONNECTION_FAILED);
    const qos = config.qos === 0 || config.qos === 2 ? config.qos : 1;
    await publishOnce({
      url,
      address: target.addresses[0],
      username: text(config.username),
      password: text(config.password),
      topic: text(config.topic),
      payload: JSON.stringify({ event: m.event, severity: m.severity, title: m.title, message: m.message, source: m.source, time: m.time, url: m.url }),
      qos,
      retain: config.retain === true,
      deadline: ctx.deadline,
    });
  },
};
