// Faults: fail an event destination's next deliveries (or all of them for a while) with a chosen
// AWS error, or hang them until the delivery timeout; through POST /_local/faults.
import { useEffect, useState } from 'preact/hooks';
import { deleteJson, formatTime, getJson, postJson, query, type Fault, type Scope } from './api';

interface SetWithDestinations {
  ConfigurationSetName: string;
  EventDestinations: { EventDestinationName: string }[];
}

export function FaultsPage({ scope }: { scope: Scope }) {
  const [faults, setFaults] = useState<Fault[]>([]);
  const [sets, setSets] = useState<SetWithDestinations[]>([]);
  const [target, setTarget] = useState('');
  const [mode, setMode] = useState<'count' | 'seconds'>('count');
  const [amount, setAmount] = useState('2');
  const [errorCode, setErrorCode] = useState('ServiceUnavailableException');
  const [hang, setHang] = useState(false);
  const [message, setMessage] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    getJson<{ configurationSets: SetWithDestinations[] }>(`/_local/resources?${query(scope)}`).then((r) => setSets(r.configurationSets));
  }, [scope]);
  useEffect(() => {
    getJson<{ faults: Fault[] }>(`/_local/faults?${query(scope)}`).then((r) => setFaults(r.faults));
    // Counts change as deliveries are failed.
    const timer = setInterval(() => setVersion((v) => v + 1), 2000);
    return () => clearInterval(timer);
  }, [scope, version]);

  const targets = sets.flatMap((s) => s.EventDestinations.map((d) => `${s.ConfigurationSetName}/${d.EventDestinationName}`));
  const chosen = target || targets[0] || '';

  async function add(e: Event) {
    e.preventDefault();
    const [configurationSet, destination] = chosen.split('/');
    try {
      const fault = await postJson<Fault>('/_local/faults', {
        configurationSet,
        destination,
        [mode]: Number(amount),
        ...(hang ? { hang: true } : { error: errorCode }),
        account: scope.accountId,
        region: scope.region,
      });
      setMessage(`Added ${fault.faultId}.`);
      setVersion((v) => v + 1);
    } catch (error) {
      setMessage(`Not added: ${(error as Error).message}`);
    }
  }

  async function clear(faultId?: string) {
    const answer = await deleteJson<{ cleared: number }>(`/_local/faults?${query(scope, { faultId })}`);
    setMessage(`Cleared ${answer.cleared}.`);
    setVersion((v) => v + 1);
  }

  return (
    <section aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <p>
        Simulated failures of your event destinations. Each faulted delivery fails as the AWS call would, and goes through the real retry and backoff: see it on
        the message's page. Faults live in this server process only.
      </p>
      <form class="fault-form" onSubmit={add}>
        <label>
          Destination
          <select value={chosen} required onChange={(e) => setTarget(e.currentTarget.value)}>
            {targets.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Fail
          <select value={mode} onChange={(e) => setMode(e.currentTarget.value as 'count' | 'seconds')}>
            <option value="count">the next N deliveries</option>
            <option value="seconds">every delivery for T seconds</option>
          </select>
        </label>
        <label>
          {mode === 'count' ? 'N' : 'T (seconds)'}{' '}
          <input type="number" min={1} max={mode === 'count' ? 1000 : 86400} value={amount} required onInput={(e) => setAmount(e.currentTarget.value)} />
        </label>
        <label>
          AWS error <input value={errorCode} disabled={hang} pattern="[A-Za-z][A-Za-z0-9.]{0,63}" onInput={(e) => setErrorCode(e.currentTarget.value)} />
        </label>
        <label>
          <input type="checkbox" checked={hang} onChange={(e) => setHang(e.currentTarget.checked)} /> Hang until the delivery timeout instead
        </label>
        <button type="submit" disabled={!chosen}>
          Add fault
        </button>
      </form>
      <p role="status">{message}</p>
      <table>
        <caption>Faults of this account and region</caption>
        <thead>
          <tr>
            <th scope="col">Fault</th>
            <th scope="col">Destination</th>
            <th scope="col">Effect</th>
            <th scope="col">Limit</th>
            <th scope="col">Injected</th>
            <th scope="col">State</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {faults.map((f) => (
            <tr key={f.faultId} data-fault-id={f.faultId}>
              <td>{f.faultId}</td>
              <td>
                {f.configurationSet}/{f.destination}
              </td>
              <td>{f.hang ? 'hang, then TimeoutError' : `${f.error} (HTTP ${f.httpStatus})`}</td>
              <td>{f.count !== undefined ? `${f.count} deliveries` : `until ${formatTime(f.until)}`}</td>
              <td>{f.injected}</td>
              <td>{f.active ? 'active' : 'spent'}</td>
              <td>
                <button type="button" onClick={() => clear(f.faultId)} aria-label={`Clear ${f.faultId}`}>
                  Clear
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => clear()} disabled={faults.length === 0}>
        Clear all faults
      </button>
    </section>
  );
}
