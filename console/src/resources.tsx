// Read views of the account's resources, as the API's Describe operations answer them.
import { useEffect, useState } from 'preact/hooks';
import { getJson, query, type Scope } from './api';

type Row = Record<string, unknown>;

interface Resources {
  configurationSets: (Row & { ConfigurationSetName: string; EventDestinations: Row[] })[];
  phoneNumbers: Row[];
  pools: Row[];
  senderIds: Row[];
  optOutLists: (Row & { OptOutListName: string; OptedOutNumbers: Row[] })[];
  keywords: { OriginationIdentity: string; Keywords: Row[] }[];
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** A table of rows, or `empty` (a sentence, as written) when there are none. */
function Table({ caption, rows, columns, empty }: { caption: string; rows: Row[]; columns: string[]; empty: string }) {
  if (rows.length === 0) return <p>{empty}</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c}>{show(r[c])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function destinationTarget(d: Row): string {
  const sns = d.SnsDestination as { TopicArn?: string } | undefined;
  const firehose = d.KinesisFirehoseDestination as { DeliveryStreamArn?: string } | undefined;
  const logs = d.CloudWatchLogsDestination as { LogGroupArn?: string } | undefined;
  return sns?.TopicArn ?? firehose?.DeliveryStreamArn ?? logs?.LogGroupArn ?? '';
}

export function ResourcesPage({ scope }: { scope: Scope }) {
  const [data, setData] = useState<Resources | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    getJson<Resources>(`/_local/resources?${query(scope)}`).then(setData, (e: Error) => setError(e.message));
  }, [scope]);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <section aria-labelledby="resources-title" class="resources">
      <h2 id="resources-title">Resources</h2>
      <h3>Configuration sets</h3>
      <Table
        caption="Configuration sets"
        rows={data.configurationSets.map((set) => ({ ...set, EventDestinations: set.EventDestinations.length }))}
        columns={['ConfigurationSetName', 'DefaultMessageType', 'DefaultSenderId', 'ProtectConfigurationId', 'EventDestinations']}
        empty="No configuration sets."
      />
      {data.configurationSets.map((set) => (
        <Table
          key={set.ConfigurationSetName}
          caption={`Event destinations of ${set.ConfigurationSetName}`}
          rows={set.EventDestinations.map((d) => ({ ...d, Target: destinationTarget(d) }))}
          columns={['EventDestinationName', 'Enabled', 'MatchingEventTypes', 'Target']}
          empty={`No event destinations in ${set.ConfigurationSetName}.`}
        />
      ))}
      <h3>Phone numbers</h3>
      <Table
        caption="Phone numbers"
        rows={data.phoneNumbers}
        columns={['PhoneNumber', 'Status', 'NumberType', 'MessageType', 'NumberCapabilities', 'PoolId', 'OptOutListName', 'TwoWayEnabled']}
        empty="No phone numbers."
      />
      <h3>Pools</h3>
      <Table caption="Pools" rows={data.pools} columns={['PoolId', 'Status', 'MessageType', 'OptOutListName', 'TwoWayEnabled']} empty="No pools." />
      <h3>Sender IDs</h3>
      <Table caption="Sender IDs" rows={data.senderIds} columns={['SenderId', 'IsoCountryCode', 'MessageTypes', 'Registered']} empty="No sender IDs." />
      <h3>Opt-out lists</h3>
      {data.optOutLists.length === 0 && <p>No opt-out lists.</p>}
      {data.optOutLists.map((list) => (
        <Table
          key={list.OptOutListName}
          caption={`Opted-out numbers of ${list.OptOutListName}`}
          rows={list.OptedOutNumbers}
          columns={['OptedOutNumber', 'EndUserOptedOut', 'OptedOutTimestamp']}
          empty={`No opted-out numbers in ${list.OptOutListName}.`}
        />
      ))}
      <h3>Keywords</h3>
      {data.keywords.length === 0 && <p>No keywords.</p>}
      {data.keywords.map((k) => (
        <Table
          key={k.OriginationIdentity}
          caption={`Keywords of ${k.OriginationIdentity}`}
          rows={k.Keywords}
          columns={['Keyword', 'KeywordAction', 'KeywordMessage']}
          empty={`No keywords on ${k.OriginationIdentity}.`}
        />
      ))}
    </section>
  );
}
