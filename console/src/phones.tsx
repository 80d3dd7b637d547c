// Virtual phones: a handset's conversation as the phone shows it, and a reply box that sends
// through POST /_local/inbound, so STOP, HELP and keywords act as on a real phone.
import { useEffect, useState } from 'preact/hooks';
import { formatTime, getJson, handsetOf, postJson, query, type HandsetMessage, type Message, type Scope } from './api';
import { useLiveTick } from './live';

/** A text with its verification codes (4 to 8 digits) marked. */
function withCodes(text: string) {
  return text.split(/(\b\d{4,8}\b)/).map((part, i) =>
    i % 2 === 1 ? (
      <mark key={i} title="verification code">
        {part}
      </mark>
    ) : (
      part
    ),
  );
}

function PickNumber({ scope, number }: { scope: Scope; number: string }) {
  const [known, setKnown] = useState<string[]>([]);
  const [typed, setTyped] = useState(number);
  useEffect(() => {
    getJson<{ messages: Message[] }>(`/_local/messages?${query(scope, { limit: '200' })}`).then((a) =>
      setKnown([...new Set(a.messages.map(handsetOf))].filter((n) => n.startsWith('+'))),
    );
  }, [scope]);
  return (
    <form
      class="pick"
      onSubmit={(e) => {
        e.preventDefault();
        location.hash = `#/phones/${encodeURIComponent(typed.trim())}`;
      }}
    >
      <label>
        Handset number{' '}
        <input
          list="known-handsets"
          value={typed}
          pattern="\+[1-9]\d{1,14}"
          placeholder="+14254147755"
          required
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </label>
      <datalist id="known-handsets">
        {known.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <button type="submit">Open phone</button>
    </form>
  );
}

export function PhonesPage({ scope, number }: { scope: Scope; number: string }) {
  const [messages, setMessages] = useState<HandsetMessage[]>([]);
  const [error, setError] = useState('');
  const [reply, setReply] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState('');
  const tick = useLiveTick((item) => item.kind === 'message' && handsetOf(item.data) === number, [number]);
  useEffect(() => {
    if (!number) return;
    let current = true;
    getJson<{ messages: HandsetMessage[] }>(`/_local/handsets/${encodeURIComponent(number)}/messages?${query(scope, { last: '1000' })}`).then(
      (a) => {
        if (!current) return;
        setError('');
        setMessages(a.messages);
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [scope, number, tick]);
  const lastReceived = [...messages].reverse().find((m) => m.direction === 'OUTBOUND');
  const senders = [...new Set(messages.map((m) => (m.direction === 'OUTBOUND' ? m.originationNumber : m.destinationNumber)))].filter((n) => n.startsWith('+'));
  const replyTo = to || lastReceived?.originationNumber || senders[0] || '';

  async function send(e: Event) {
    e.preventDefault();
    setResult('');
    try {
      const answer = await postJson<{ keyword?: string; action: string }>('/_local/inbound', {
        originationNumber: number,
        destinationNumber: replyTo,
        messageBody: reply,
        account: scope.accountId,
        region: scope.region,
        ...(lastReceived && { previousPublishedMessageId: lastReceived.messageId }),
      });
      setReply('');
      setResult(answer.keyword ? `Sent. Keyword ${answer.keyword}: ${answer.action}` : 'Sent.');
    } catch (error) {
      setResult(`Not sent: ${(error as Error).message}`);
    }
  }

  return (
    <section aria-labelledby="phones-title">
      <h2 id="phones-title">Virtual phones</h2>
      <p>A simulated handset: what it received from your numbers, and what it replied.</p>
      <PickNumber scope={scope} number={number} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {number && (
        <section class="phone" aria-label={`Phone ${number}`}>
          <p class="phone-number">{number}</p>
          <ol class="conversation" aria-live="polite">
            {messages.map((m) => (
              <li key={m.messageId} class={m.direction === 'INBOUND' ? 'sent' : 'received'}>
                <span class="who">{m.direction === 'INBOUND' ? `You → ${m.destinationNumber}` : `From ${m.originationNumber}`}</span>
                <span class="text">{withCodes(m.messageBody ?? '')}</span>
                <span class="meta">
                  {formatTime(m.timestamp)} · {m.status}
                  {m.keyword && ` · keyword ${m.keyword}`}
                </span>
              </li>
            ))}
          </ol>
          {messages.length === 0 && <p>Nothing yet for this handset.</p>}
          <form class="reply" onSubmit={send}>
            <label>
              Reply to <input list="reply-numbers" value={replyTo} required pattern="\+[1-9]\d{1,14}" onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
            <datalist id="reply-numbers">
              {senders.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            <label>
              Message <textarea value={reply} required maxLength={1600} rows={2} onInput={(e) => setReply(e.currentTarget.value)} />
            </label>
            <button type="submit">Send reply</button>
            <p role="status">{result}</p>
          </form>
        </section>
      )}
    </section>
  );
}
