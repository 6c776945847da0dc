import { parseCompareTable } from "#lib/content/mdx-rules";

/** A comparison table; the first column names the rows. The content check has already validated the shape. */
export function Compare({ headers, rows }: { headers: string[]; rows: string[][] }) {
  const table = parseCompareTable(JSON.stringify(headers), JSON.stringify(rows));
  if (typeof table === "string") throw new Error(`<Compare>: ${table}`);
  return (
    <div className="table-wrap my-6 overflow-x-auto" tabIndex={0}>
      <table className="compare">
        <thead>
          <tr>
            {table.headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
