/** Name/value pairs in their order, duplicates kept (headers, query, form fields). */
export function PairsTable({ pairs, label }: { pairs: readonly (readonly [string, string])[]; label: string }) {
  return (
    <table className="pairs" aria-label={label}>
      <tbody>
        {pairs.map(([name, value], index) => (
          <tr key={`${index}-${name}`}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
