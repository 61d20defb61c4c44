import type { BodyDiff, SignatureDetails, SignatureFailure } from '../../../../electron/shared/signatures.js';
import { PairsTable } from '../../components/PairsTable.js';
import { useStore } from '../../store/index.js';

const REASONS: Record<SignatureFailure, string> = {
  body_changed: 'Body changed',
  timestamp_outside_tolerance: 'Timestamp outside tolerance',
  wrong_secret: 'Wrong secret',
  wrong_encoding: 'Wrong encoding',
  missing_header: 'Missing header',
  malformed_header: 'Malformed header',
  body_truncated: 'Body truncated',
  not_signed: 'Not signed',
};

/** Pass or fail, why, and the facts behind it (the first differing byte when the body changed). */
export function SignatureVerdict({ captureId }: { captureId: string }) {
  const verdict = useStore((state) => state.signatureVerdict);
  if (!verdict || verdict.captureId !== captureId) return null;
  const { result } = verdict;
  const title = result.valid ? 'Valid signature' : `Invalid: ${REASONS[result.reason ?? 'wrong_secret'].toLowerCase()}`;
  return (
    <section className={`signature-verdict ${result.valid ? 'pass' : 'fail'}`} role="status" aria-label="Verification result">
      <h3>{result.reason === 'not_signed' ? 'Nothing to verify' : title}</h3>
      <p>{result.message}</p>
      <PairsTable pairs={detailPairs(result.details)} label="Verification details" />
      {result.details.bodyDiff && <BodyDiffView diff={result.details.bodyDiff} />}
    </section>
  );
}

function detailPairs(details: SignatureDetails): [string, string][] {
  const pairs: [string, string | number | undefined][] = [
    ['Header', details.header],
    ['Matched secret', details.matchedSecret],
    ['Matched signature', details.matchedSignature && `${details.matchedSignature} of ${details.signatureCount ?? 1}`],
    ['Secrets tried', details.secretsTried?.join(', ')],
    [
      'Timestamp age',
      details.ageSeconds !== undefined ? `${details.ageSeconds} s (tolerance ${details.toleranceSeconds ?? 0} s)` : undefined,
    ],
    ['Encoding', details.encoding && `sent ${details.encoding.sent}; expected ${details.encoding.expected}`],
    [
      'Original body',
      details.originalSource === 'delivery' ? `delivery ${details.deliveryId} attempt ${details.attempt}` : details.originalSource,
    ],
    ['Original verifies with', details.originalMatchedSecret],
  ];
  return pairs
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== '')
    .map(([name, value]) => [name, String(value)]);
}

function BodyDiffView({ diff }: { diff: BodyDiff }) {
  return (
    <div className="stack">
      <h4>First difference at byte {diff.offset}</h4>
      <p>{diff.causeMessage}</p>
      <PairsTable
        label={`Bytes from offset ${diff.from}`}
        pairs={[
          ['Received (text)', diff.captured.text],
          ['Signed (text)', diff.original.text],
          ['Received (hex)', diff.captured.hex],
          ['Signed (hex)', diff.original.hex],
          ['Sizes', `received ${diff.captured.size} bytes, signed ${diff.original.size} bytes`],
        ]}
      />
    </div>
  );
}
