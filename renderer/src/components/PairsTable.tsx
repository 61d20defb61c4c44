import { headerText } from './format.js';

/**
 * Name/value pairs in their order, duplicates kept (headers, query, form fields). `headers`:
 * the values came off the wire, so UTF-8 bytes in them are shown as the text they spell.
 */
export function PairsTable({
  pairs,
  label,
  headers = false,
}: {
  pairs: readonly (readonly [string, string])[];
  label: string;
  headers?: boolean;
}) {
  return (
    <table className="pairs" aria-label={label}>
      <tbody>
        {pairs.map(([name, value], index) => (
          <tr key={`${index}-${name}`}>
            <th scope="row">{name}</th>
            <td>{headers ? headerText(value) : value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
