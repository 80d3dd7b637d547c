// The console's shell: the scope (account and region), the live connection, the navigation and
// the page of the current location (#/messages, #/messages/<id>, #/phones/<number>, ...).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Scope } from './api';
import { FaultsPage } from './faults';
import { feed, type Connection } from './live';
import { MessagePage } from './message-page';
import { MessagesPage } from './messages';
import { PhonesPage } from './phones';
import { ResourcesPage } from './resources';
import './style.css';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return hash;
}

const NAV = [
  ['#/messages', 'Messages'],
  ['#/phones', 'Virtual phones'],
  ['#/resources', 'Resources'],
  ['#/faults', 'Faults'],
] as const;

function Page({ hash, scope }: { hash: string; scope: Scope }) {
  const [, section, rest] = /^#\/([a-z]+)\/?(.*)$/.exec(hash) ?? [];
  const arg = rest ? decodeURIComponent(rest) : '';
  switch (section) {
    case 'phones':
      return <PhonesPage scope={scope} number={arg} />;
    case 'resources':
      return <ResourcesPage scope={scope} />;
    case 'faults':
      return <FaultsPage scope={scope} />;
    default:
      return arg ? <MessagePage scope={scope} messageId={arg} /> : <MessagesPage scope={scope} />;
  }
}

function ScopeForm({ scope, onChange }: { scope: Scope; onChange(s: Scope): void }) {
  const [accountId, setAccount] = useState(scope.accountId);
  const [region, setRegion] = useState(scope.region);
  useEffect(() => {
    setAccount(scope.accountId);
    setRegion(scope.region);
  }, [scope]);
  return (
    <form
      class="scope"
      onSubmit={(e) => {
        e.preventDefault();
        onChange({ accountId, region });
      }}
    >
      <label>
        Account <input value={accountId} pattern="\d{12}" size={13} required onInput={(e) => setAccount(e.currentTarget.value)} />
      </label>
      <label>
        Region <input value={region} size={12} required onInput={(e) => setRegion(e.currentTarget.value)} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}

function App() {
  const hash = useHash();
  const [scope, setScope] = useState<Scope | undefined>();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    feed.onConnection = setConnection;
    feed.onReady = (s) => setScope((old) => (old && old.accountId === s.accountId && old.region === s.region ? old : s));
    // A new database behind the same server: start over.
    feed.onReset = () => setGeneration((g) => g + 1);
    feed.open(undefined);
    return () => feed.close();
  }, []);
  const label = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[connection];
  return (
    <>
      <header>
        <h1>sms-voice-local console</h1>
        <p class="simulated" role="note">
          Everything here is simulated: no message reaches a real phone, and no charge is real.
        </p>
        <p class={`connection ${connection}`} aria-live="polite" data-testid="connection">
          {label}
        </p>
        {scope && (
          <ScopeForm
            scope={scope}
            onChange={(s) => {
              setScope(s);
              feed.open(s);
            }}
          />
        )}
        <nav aria-label="Sections">
          {NAV.map(([href, text]) => (
            <a key={href} href={href} aria-current={hash.startsWith(href) || (href === '#/messages' && !hash) ? 'page' : undefined}>
              {text}
            </a>
          ))}
        </nav>
      </header>
      <main key={generation}>{scope ? <Page hash={hash} scope={scope} /> : <p>Connecting to the server…</p>}</main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
