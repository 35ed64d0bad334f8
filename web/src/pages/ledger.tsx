// The transparency log: the latest signed checkpoint and its witnesses' cosignatures, the transfer
// receipts it holds, and the proof that one receipt is in it, checked here in the browser with the
// project's own verifier (src/ledger) against the log key the reader pins.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { decodeReceipt } from '../../../src/ledger/index.js';
import { callApi } from '../api.js';
import { ErrorBox, Show, Time, useApi, VerdictBadge } from '../components.js';
import { useLabels } from '../i18n.js';
import {
  base64ToBytes,
  bytesToHex,
  type Checked,
  checkCheckpoint,
  type ProvenEntry,
  proveInclusion,
  signatureLines,
} from '../ledger-verify.js';
import type { InclusionProof, LedgerEntry, Receipt } from '../types.js';

const PINNED_KEY_ITEM = 'data-customs.log-key';
const PAGE = 20;

function decodeEntry(entry: LedgerEntry): { text: string; receipt: Receipt | null } {
  const bytes = base64ToBytes(entry.leaf) ?? new Uint8Array();
  const text = new TextDecoder().decode(bytes);
  try {
    return { text, receipt: decodeReceipt(bytes) };
  } catch {
    return { text, receipt: null };
  }
}

function CheckpointPanel({
  note,
  logKey,
  setLogKey,
  serverKey,
}: {
  readonly note: string;
  readonly logKey: string;
  readonly setLogKey: (key: string) => void;
  readonly serverKey: string | undefined;
}) {
  const [witnessKeys, setWitnessKeys] = useState('');
  const checked = useMemo(() => {
    const keys = witnessKeys
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean);
    return checkCheckpoint(note, logKey, keys);
  }, [note, logKey, witnessKeys]);
  let lines: ReturnType<typeof signatureLines> = [];
  try {
    lines = signatureLines(note);
  } catch {
    lines = [];
  }
  const verifiedWitnesses = new Set(checked.ok ? checked.value.witnesses.map((w) => w.name) : []);
  const logSigners = new Set(checked.ok ? checked.value.logSigners : []);
  return (
    <section aria-labelledby="checkpoint-h">
      <h3 id="checkpoint-h">Latest checkpoint</h3>
      <div className="two">
        <div>
          <label>
            Log verifier key (pin the key you received out of band; the one the server gives proves nothing
            about the server)
            <input
              className="mono"
              value={logKey}
              onChange={(e) => setLogKey(e.target.value)}
              spellCheck={false}
              autoComplete="off"
            />
          </label>
          {serverKey !== undefined && serverKey.trim() !== logKey.trim() && (
            <p className="warn small">
              This is not the key the server serves at /v1/ledger/key.{' '}
              <button type="button" onClick={() => setLogKey(serverKey.trim())}>
                use the server's key
              </button>
            </p>
          )}
          <label>
            Witness verifier keys, one a line (optional: cosignatures by these keys are verified)
            <textarea
              className="mono"
              rows={2}
              value={witnessKeys}
              onChange={(e) => setWitnessKeys(e.target.value)}
              spellCheck={false}
            />
          </label>
        </div>
        <div>
          {logKey.trim() === '' ? (
            <p className="result fail">
              No log key is pinned: paste the log's verifier key to check its signature.
            </p>
          ) : (
            <div
              role="status"
              className={checked.ok ? 'result ok' : 'result fail'}
              data-checkpoint={checked.ok ? 'ok' : 'fail'}
            >
              {checked.ok ? (
                <>
                  <strong>Signature verified in this browser.</strong> {checked.value.origin}:{' '}
                  {checked.value.size} entries, root{' '}
                  <code className="hash">{bytesToHex(checked.value.rootHash)}</code>
                </>
              ) : (
                <>
                  <strong>Not verified:</strong> <code>{checked.code}</code> {checked.message}
                </>
              )}
            </div>
          )}
          <table className="list small" aria-label="signatures">
            <thead>
              <tr>
                <th scope="col">signer</th>
                <th scope="col">key id</th>
                <th scope="col">cosigned at</th>
                <th scope="col">checked here</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.name}-${l.keyId}`} data-signer={l.name}>
                  <td>
                    {l.name}
                    {logSigners.has(l.name) ? (
                      <span className="muted"> (log)</span>
                    ) : (
                      <span className="muted"> (witness)</span>
                    )}
                  </td>
                  <td>
                    <code>{l.keyId}</code>
                  </td>
                  <td>
                    {l.timestamp === null ? '—' : <Time iso={new Date(l.timestamp * 1000).toISOString()} />}
                  </td>
                  <td>
                    {logSigners.has(l.name) || verifiedWitnesses.has(l.name)
                      ? '✓ verified'
                      : 'not checked (no key given)'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <details>
        <summary>the signed note (C2SP tlog-checkpoint)</summary>
        <pre className="code">{note}</pre>
      </details>
    </section>
  );
}

function ReceiptRow({ index }: { readonly index: number }) {
  const loaded = useApi<LedgerEntry>(`/v1/ledger/entries/${index}`, { anonymous: true });
  if (loaded.error !== undefined)
    return (
      <tr>
        <td>{index}</td>
        <td colSpan={7}>
          <ErrorBox error={loaded.error} />
        </td>
      </tr>
    );
  if (loaded.data === undefined)
    return (
      <tr>
        <td>{index}</td>
        <td colSpan={7} className="muted">
          …
        </td>
      </tr>
    );
  const { receipt } = decodeEntry(loaded.data);
  return (
    <tr data-index={index}>
      <th scope="row">
        <a href={`#/ledger/${index}`} aria-label={`prove entry ${index}`}>
          {index}
        </a>
      </th>
      {receipt ? (
        <>
          <td>
            <Time iso={receipt.time} />
          </td>
          <td>
            <a href={`#/flows/${encodeURIComponent(receipt.flow.id)}`}>{receipt.flow.id}</a> v
            {receipt.flow.version}
          </td>
          <td>
            {receipt.exporter_country} → {receipt.recipient_country}
          </td>
          <td>
            <VerdictBadge level={receipt.verdict} />
          </td>
          <td>{receipt.mechanisms.length > 0 ? receipt.mechanisms.join(', ') : '—'}</td>
          <td className="num">
            {receipt.counts.records} / {receipt.counts.subjects}
          </td>
          <td>
            <a href={`#/ledger/${index}`}>prove</a>
          </td>
        </>
      ) : (
        <td colSpan={7} className="muted">
          not a receipt (entry of another kind)
        </td>
      )}
    </tr>
  );
}

function ReceiptList({ size }: { readonly size: number }) {
  const [top, setTop] = useState(size - 1);
  useEffect(() => setTop(size - 1), [size]);
  const indices = Array.from({ length: Math.min(PAGE, top + 1) }, (_, i) => top - i);
  return (
    <section aria-labelledby="receipts-h">
      <h3 id="receipts-h">Transfer receipts</h3>
      <p className="muted small">
        Newest first. A receipt never holds personal data in clear: codes, counts, categories, digests and
        keyed commitments of the individuals.
      </p>
      {size === 0 ? (
        <p>The log is empty: receipts are appended as the gateway lets transfers through.</p>
      ) : (
        <>
          <table className="list" aria-label="receipts">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">time</th>
                <th scope="col">flow</th>
                <th scope="col">route</th>
                <th scope="col">verdict</th>
                <th scope="col">mechanisms</th>
                <th scope="col">records / individuals</th>
                <th scope="col">proof</th>
              </tr>
            </thead>
            <tbody>
              {indices.map((i) => (
                <ReceiptRow key={i} index={i} />
              ))}
            </tbody>
          </table>
          <p className="pager">
            {top < size - 1 && (
              <button type="button" onClick={() => setTop(Math.min(size - 1, top + PAGE))}>
                ← newer
              </button>
            )}
            {top + 1 > PAGE && (
              <button type="button" onClick={() => setTop(top - PAGE)}>
                older →
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}

/** The fields of a receipt as the entry's bytes say them (or why they are not a receipt). */
function ReceiptFields({ text }: { readonly text: string }) {
  let receipt: Receipt;
  try {
    receipt = decodeReceipt(new TextEncoder().encode(text));
  } catch (error) {
    return <p className="warn small">not a receipt: {(error as Error).message}</p>;
  }
  const rows: [string, string][] = [
    ['time', receipt.time],
    ['flow', `${receipt.flow.id} v${receipt.flow.version}`],
    ['tenant', receipt.tenant ?? '—'],
    ['route', receipt.countries.join(', ')],
    ['verdict', receipt.verdict],
    ['mechanisms', receipt.mechanisms.join(', ') || '—'],
    ['categories', receipt.categories.join(', ')],
    ['records / individuals', `${receipt.counts.records} / ${receipt.counts.subjects}`],
    ['individuals (keyed commitments)', `${receipt.subjects.length}`],
    ['payload digest (SHA-256)', receipt.payload_digest],
    ['rulebooks (SHA-256)', receipt.rulebook_hash ?? '—'],
    ['sandbox', receipt.sandbox ?? '—'],
  ];
  return (
    <table className="list small" aria-label="receipt fields">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProveEntry({
  index,
  note,
  logKey,
  size,
}: {
  readonly index: number;
  readonly note: string;
  readonly logKey: string;
  readonly size: number;
}) {
  const { t } = useLabels();
  const [entry, setEntry] = useState<string | null>(null);
  const [proof, setProof] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<Checked<ProvenEntry> | null>(null);
  useEffect(() => {
    setEntry(null);
    setProof(null);
    setResult(null);
    setError(undefined);
    if (index >= size) {
      setError(new Error(`entry ${index} is not covered by the latest checkpoint (size ${size}) yet`));
      return;
    }
    Promise.all([
      callApi<LedgerEntry>(`/v1/ledger/entries/${index}`, { anonymous: true }),
      callApi<InclusionProof>(`/v1/ledger/proof/inclusion?index=${index}&size=${size}`, { anonymous: true }),
    ]).then(
      ([e, p]) => {
        setEntry(decodeEntry(e).text);
        setProof(p.proof.join('\n'));
      },
      (err: unknown) => setError(err),
    );
  }, [index, size]);
  const verify = () => {
    if (entry === null || proof === null) return;
    setResult(proveInclusion({ note, logKey, index, entry, proof }));
  };
  return (
    <section aria-labelledby="prove-h" className="prove">
      <h3 id="prove-h">Inclusion proof of entry {index}</h3>
      <p className="muted small">
        The check runs here, with the project's verifier compiled into this page: the checkpoint's signature
        against the pinned key, SHA-256 of the entry's bytes (RFC 6962 leaf hash), and the proof folded up to
        the signed root (RFC 9162 §2.1.3.2). Edit the receipt or a proof hash to see it fail.
      </p>
      <ErrorBox error={error} />
      {entry !== null && proof !== null && (
        <>
          <label>
            Entry {index} (the receipt's exact bytes, canonical JSON)
            <textarea
              className="mono"
              rows={4}
              value={entry}
              onChange={(e) => {
                setEntry(e.target.value);
                setResult(null);
              }}
              spellCheck={false}
              name="entry"
            />
          </label>
          <details>
            <summary>the receipt's fields</summary>
            <ReceiptFields text={entry} />
          </details>
          <label>
            Proof ({proof.split('\n').filter(Boolean).length} hashes, base64, from the leaf up)
            <textarea
              className="mono"
              rows={Math.max(2, Math.min(10, proof.split('\n').length))}
              value={proof}
              onChange={(e) => {
                setProof(e.target.value);
                setResult(null);
              }}
              spellCheck={false}
              name="proof"
            />
          </label>
          <p>
            <button type="button" onClick={verify}>
              {t('verifyButton')}
            </button>
          </p>
          {result !== null && (
            <div
              role="status"
              className={result.ok ? 'result ok' : 'result fail'}
              data-proof={result.ok ? 'ok' : 'fail'}
            >
              {result.ok ? (
                <>
                  <strong>Included.</strong> Entry {index} is in the log {result.value.checkpoint.origin} of{' '}
                  {result.value.checkpoint.size} entries whose root{' '}
                  <code className="hash">{bytesToHex(result.value.checkpoint.rootHash)}</code> is signed by{' '}
                  {result.value.checkpoint.logSigners.join(', ')}. Leaf hash{' '}
                  <code className="hash">{bytesToHex(result.value.leafHash)}</code>.
                </>
              ) : (
                <>
                  <strong>Verification failed:</strong> <code>{result.code}</code> {result.message}
                </>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The ledger page; `entry` selects the receipt whose inclusion proof is shown. */
export function LedgerPage({ entry }: { readonly entry: number | null }) {
  const { t } = useLabels();
  const checkpoint = useApi<string>('/v1/ledger/checkpoint', { text: true, anonymous: true });
  const serverKey = useApi<string>('/v1/ledger/key', { text: true, anonymous: true });
  const [logKey, setLogKeyState] = useState<string>(() => localStorage.getItem(PINNED_KEY_ITEM) ?? '');
  const setLogKey = useCallback((key: string) => {
    setLogKeyState(key);
    localStorage.setItem(PINNED_KEY_ITEM, key);
  }, []);
  // First visit: nothing pinned yet, so start from the server's key (shown, and flagged if it changes).
  useEffect(() => {
    if (logKey === '' && serverKey.data) setLogKey(serverKey.data.trim());
  }, [serverKey.data, logKey, setLogKey]);
  const opened = checkpoint.data && logKey ? checkCheckpoint(checkpoint.data, logKey) : null;
  return (
    <section>
      <h2>{t('ledger')}</h2>
      <Show loaded={checkpoint}>
        {(note) => (
          <>
            <CheckpointPanel note={note} logKey={logKey} setLogKey={setLogKey} serverKey={serverKey.data} />
            {opened?.ok && entry !== null && (
              <ProveEntry index={entry} note={note} logKey={logKey} size={opened.value.size} />
            )}
            {opened?.ok && <ReceiptList size={opened.value.size} />}
          </>
        )}
      </Show>
    </section>
  );
}
