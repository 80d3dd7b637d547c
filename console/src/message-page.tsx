// One message: its details, its event timeline, and per destination every delivery attempt with
// its status, time and error, and the raw event JSON.
import { useEffect, useState } from 'preact/hooks';
import { formatTime, getJson, handsetOf, query, type Attempt, type Message, type MessageEvent, type Scope } from './api';
import { useLiveTick } from './live';

interface Detail {
  message?: Message;
  events: MessageEvent[];
  attempts: Attempt[];
}

async function load(scope: Scope, messageId: string): Promise<Detail> {
  const q = query(scope, { messageId, limit: '1000' });
  const [m, e, a] = await Promise.all([
    getJson<{ messages: Message[] }>(`/_local/messages?${q}`),
    getJson<{ events: MessageEvent[] }>(`/_local/events?${q}`),
    getJson<{ attempts: Attempt[] }>(`/_local/attempts?${q}`),
  ]);
  return { message: m.messages[0], events: e.events.reverse(), attempts: a.attempts };
}

export function MessagePage({ scope, messageId }: { scope: Scope; messageId: string }) {
  const [detail, setDetail] = useState<Detail | undefined>();
  const [error, setError] = useState('');
  const tick = useLiveTick((item) => item.data.messageId === messageId, [messageId]);
  // Scheduled events and pending deliveries change without a stream item of their own: look again soon.
  const unsettled = detail?.events.some((e) => e.status === 'scheduled' || e.deliveries?.some((d) => d.status === 'pending')) ?? true;
  const [clock, setClock] = useState(0);
  useEffect(() => {
    if (!unsettled) return;
    const timer = setInterval(() => setClock((c) => c + 1), 1000);
    return () => clearInterval(timer);
  }, [unsettled]);
  useEffect(() => {
    let current = true;
    load(scope, messageId).then(
      (d) => current && setDetail(d),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [scope, messageId, tick, clock]);

  if (error) return <p role="alert">{error}</p>;
  if (!detail) return <p>Loading…</p>;
  const m = detail.message;
  if (!m) return <p role="alert">No message {messageId} in this account and region.</p>;
  return (
    <section aria-labelledby="message-title">
      <p>
        <a href="#/messages">← All messages</a>
      </p>
      <h2 id="message-title">Message {m.messageId}</h2>
      <dl class="facts">
        <dt>Direction</dt>
        <dd>{m.direction === 'INBOUND' ? `inbound${m.keyword ? ` (keyword ${m.keyword})` : ''}` : 'outbound'}</dd>
        <dt>Channel</dt>
        <dd>{m.channel}</dd>
        <dt>From</dt>
        <dd>{m.originationIdentity}</dd>
        <dt>To</dt>
        <dd>{m.destinationPhoneNumber}</dd>
        <dt>Handset</dt>
        <dd>
          <a href={`#/phones/${encodeURIComponent(handsetOf(m))}`}>{handsetOf(m)} as a phone shows it</a>
        </dd>
        <dt>Configuration set</dt>
        <dd>{m.configurationSetName ?? 'none'}</dd>
        <dt>Sent</dt>
        <dd>{formatTime(m.requestTimestamp)}</dd>
        <dt>Simulated final status</dt>
        <dd>{m.direction === 'INBOUND' ? 'RECEIVED' : m.outcome}</dd>
        <dt>Body</dt>
        <dd class="body">{m.messageBody ?? ''}</dd>
      </dl>
      <h3>Event timeline</h3>
      {detail.events.length === 0 && <p>No events (a message sent through no configuration set still has its events here once due).</p>}
      <ol class="timeline">
        {detail.events.map((e) => (
          <li key={e.eventId} data-event-type={e.eventType}>
            <h4>
              {e.eventType} <span class={`badge ${e.status}`}>{e.status}</span>
            </h4>
            <p>
              Due {formatTime(e.dueAt)}
              {e.routedAt !== undefined && `, routed ${formatTime(e.routedAt)}`}
            </p>
            {(e.deliveries ?? []).length === 0 && e.status === 'routed' && <p>No destination took this event.</p>}
            {(e.deliveries ?? []).map((d) => (
              <div class="delivery" key={d.destination} data-destination={d.destination}>
                <p>
                  To <strong>{d.destination}</strong> ({d.kind}): <span class={`badge ${d.status}`}>{d.status}</span>
                  {d.nextAttemptAt !== undefined && `, next attempt ${formatTime(d.nextAttemptAt)}`}
                </p>
                <table class="attempts">
                  <caption class="visually-hidden">
                    Delivery attempts of {e.eventType} to {d.destination}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Attempt</th>
                      <th scope="col">Result</th>
                      <th scope="col">Time</th>
                      <th scope="col">Error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.attempts
                      .filter((a) => a.eventId === e.eventId && a.destination === d.destination)
                      .map((a) => (
                        <tr key={a.attempt} class={`attempt ${a.status}`}>
                          <td>{a.attempt}</td>
                          <td>{a.status === 'pending' ? 'failed, retried' : a.status}</td>
                          <td>{formatTime(a.at)}</td>
                          <td>{a.error ?? ''}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            ))}
            <details>
              <summary>Raw event JSON</summary>
              <pre>{JSON.stringify(e.record, null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
