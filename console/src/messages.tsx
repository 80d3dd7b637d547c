// The messages table: newest first, paged, filtered on the server; new messages that match the
// filters appear at the top as they are sent or received.
import { useEffect, useState } from 'preact/hooks';
import { formatTime, getJson, previewBody, query, type Message, type Scope } from './api';
import { useLive } from './live';
import { OUTCOMES } from '../../src/domain/simulator';

interface Filters {
  configurationSet: string;
  number: string;
  channel: string;
  outcome: string;
  text: string;
}

const EMPTY: Filters = { configurationSet: '', number: '', channel: '', outcome: '', text: '' };
const PAGE = 25;

/** Whether a live message belongs on the first page under these filters (the server's rules). */
function matches(m: Message, f: Filters): boolean {
  return (
    (!f.configurationSet || m.configurationSetName === f.configurationSet) &&
    (!f.number || m.destinationPhoneNumber === f.number || m.originationIdentity === f.number) &&
    (!f.channel || m.channel === f.channel) &&
    (!f.outcome || m.outcome === f.outcome) &&
    (!f.text || (m.messageBody ?? '').toLowerCase().includes(f.text.toLowerCase()))
  );
}

export function MessagesPage({ scope }: { scope: Scope }) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [rows, setRows] = useState<Message[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState('');
  const token = pages[pages.length - 1];

  useEffect(() => {
    let current = true;
    getJson<{ messages: Message[]; nextToken?: string }>(`/_local/messages?${query(scope, { ...filters, limit: String(PAGE), nextToken: token })}`).then(
      (answer) => {
        if (!current) return;
        setError('');
        // Live items that arrived while the page loaded are kept (once each).
        setRows((old) =>
          token === undefined
            ? mergeNewest(
                old.filter((m) => matches(m, filters)),
                answer.messages,
              )
            : answer.messages,
        );
        setNext(answer.nextToken);
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [scope, filters, token]);

  useLive(
    (item) => {
      if (item.kind !== 'message' || token !== undefined || !matches(item.data, filters)) return;
      setRows((old) => mergeNewest([item.data], old).slice(0, PAGE * 4));
    },
    [filters, token],
  );

  const field = (key: keyof Filters) => ({
    value: draft[key],
    onInput: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [key]: e.currentTarget.value }),
  });
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">Messages</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
          setPages([undefined]);
          setRows([]);
        }}
      >
        <label>
          Configuration set <input {...field('configurationSet')} />
        </label>
        <label>
          Number <input {...field('number')} placeholder="+14254147755" />
        </label>
        <label>
          Channel
          <select {...field('channel')}>
            <option value="">any</option>
            <option>TEXT</option>
            <option>VOICE</option>
            <option>MEDIA</option>
          </select>
        </label>
        <label>
          Status
          <select {...field('outcome')}>
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Text <input type="search" {...field('text')} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <table class="messages">
        <caption class="visually-hidden">Messages, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Direction</th>
            <th scope="col">Channel</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Configuration set</th>
            <th scope="col">Final status (simulated)</th>
            <th scope="col">Body</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.messageId} data-message-id={m.messageId}>
              <td>
                <a href={`#/messages/${encodeURIComponent(m.messageId)}`}>{formatTime(m.requestTimestamp)}</a>
              </td>
              <td>{m.direction === 'INBOUND' ? 'inbound' : 'outbound'}</td>
              <td>{m.channel}</td>
              <td>{m.originationIdentity}</td>
              <td>{m.destinationPhoneNumber}</td>
              <td>{m.configurationSetName ?? '—'}</td>
              <td>{m.direction === 'INBOUND' ? 'RECEIVED' : m.outcome}</td>
              <td
                class="body"
                title={
                  m.messageBody !== undefined && previewBody(m.messageBody) !== m.messageBody ? 'Truncated: the full body is on the message page' : undefined
                }
              >
                {previewBody(m.messageBody)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p>No messages yet. Send one through the API; it appears here at once.</p>}
      <nav class="pager" aria-label="Pages">
        <button type="button" disabled={pages.length === 1} onClick={() => setPages([undefined])}>
          Newest
        </button>
        <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>
          Newer
        </button>
        <button type="button" disabled={!next} onClick={() => setPages([...pages, next])}>
          Older
        </button>
      </nav>
    </section>
  );
}

/** `newer` on top of `older`, each message once, newest first by time. */
function mergeNewest(newer: Message[], older: Message[]): Message[] {
  const seen = new Set<string>();
  return [...newer, ...older].filter((m) => !seen.has(m.messageId) && seen.add(m.messageId)).sort((a, b) => b.requestTimestamp - a.requestTimestamp);
}
