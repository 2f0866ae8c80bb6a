import { isIP } from 'node:net';
import type { MqttClient } from 'mqtt';
import { CONNECTION_FAILED, TIMED_OUT } from '../webhook.js';
import { ChannelFailure } from './kind.js';

export interface MqttPublication {
  /** mqtt: or mqtts:, as configured. */
  url: URL;
  /** The address the outbound policy checked: the connection goes there, with no lookup of its own. */
  address: string;
  username: string;
  password: string;
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
  deadline: number;
}

/** CONNACK codes that mean the credentials (MQTT 3.1.1: 4, 5; MQTT 5: 134, 135). */
const REFUSED_CREDENTIALS = new Set([4, 5, 134, 135]);

/** Why a connection or publication failed, in words that name neither the broker nor the credentials. */
function failureOf(error: unknown, ErrorWithReasonCode: typeof import('mqtt').ErrorWithReasonCode): ChannelFailure {
  if (error instanceof ChannelFailure) return error;
  // The client's own connect timeout, which ends with the deadline too.
  if (error instanceof Error && error.message === 'connack timeout') return new ChannelFailure(TIMED_OUT);
  if (error instanceof ErrorWithReasonCode && REFUSED_CREDENTIALS.has(error.code)) return new ChannelFailure('not authorized');
  return new ChannelFailure(CONNECTION_FAILED);
}

function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ChannelFailure(TIMED_OUT)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** Resolves once the broker acknowledged the publication (QoS 1, 2) or it was written (QoS 0). */
function publishOnConnect(client: MqttClient, p: MqttPublication): Promise<unknown> {
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.once('close', () => reject(new ChannelFailure(CONNECTION_FAILED)));
    client.once('connect', () => {
      client.publishAsync(p.topic, p.payload, { qos: p.qos, retain: p.retain }).then(resolve, reject);
    });
  });
}

/** One connection to the broker for one publication, ended in every case. */
export async function publishOnce(p: MqttPublication): Promise<void> {
  const remaining = p.deadline - Date.now();
  if (remaining <= 0) throw new ChannelFailure(TIMED_OUT);
  // Loaded with the first MQTT delivery: a server without MQTT channels never holds the client.
  const { connect, ErrorWithReasonCode } = await import('mqtt');
  const secure = p.url.protocol === 'mqtts:';
  const hostname = p.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const client = connect({
    protocol: secure ? 'mqtts' : 'mqtt',
    // Both: the TCP builder reads `hostname`, the TLS one `host`.
    host: p.address,
    hostname: p.address,
    port: Number(p.url.port) || (secure ? 8883 : 1883),
    // TLS checks the certificate against the name in the URL, not the address we connect to.
    ...(secure && !isIP(hostname) && { servername: hostname }),
    ...(p.username && { username: p.username }),
    ...(p.password && { password: p.password }),
    reconnectPeriod: 0,
    connectTimeout: remaining,
  });
  try {
    await beforeDeadline(publishOnConnect(client, p), p.deadline);
  } catch (e) {
    client.end(true);
    throw failureOf(e, ErrorWithReasonCode);
  }
  // Delivered: a slow DISCONNECT is no failure, but the socket must not outlive the attempt.
  await beforeDeadline(client.endAsync(), p.deadline).catch(() => client.end(true));
}
