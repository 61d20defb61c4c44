/** A compact reference of what a templated answer can use (Liquid syntax). */
export function TemplateHelp() {
  return (
    <details className="template-help wide">
      <summary>Template reference</summary>
      <dl>
        <dt>
          <code>{'{{ request.method }}'}</code>, <code>{'{{ request.path }}'}</code>
        </dt>
        <dd>The method, and the path after the inbox's slug (/ for the inbox itself).</dd>
        <dt>
          <code>{'{{ request.query.name }}'}</code>, <code>{'{{ request.queryAll.name | join: "," }}'}</code>
        </dt>
        <dd>A query parameter's first value, or all of them.</dd>
        <dt>
          <code>{'{{ request.headers["x-name"] }}'}</code>
        </dt>
        <dd>A header's first value, by lower-case name.</dd>
        <dt>
          <code>{'{{ request.body }}'}</code>, <code>{'{{ request.json.event.id }}'}</code>, <code>{'{{ request.form.name }}'}</code>
        </dt>
        <dd>The body as text, parsed as JSON (empty when it is not JSON), urlencoded form fields.</dd>
        <dt>
          <code>{'{{ now }}'}</code>, <code>{'{{ now_unix }}'}</code>, <code>{'{{ random_id }}'}</code>
        </dt>
        <dd>The time (ISO 8601, or seconds), a fresh id for each answer.</dd>
        <dt>
          <code>{'{{ secrets.name }}'}</code>
        </dt>
        <dd>One of the inbox's secrets (see Secrets), by its name; a name the inbox lacks is refused when you save.</dd>
        <dt>
          <code>{'{{ value | hmac_sha256_hex: secrets.name }}'}</code>, <code>hmac_sha256_base64</code>
        </dt>
        <dd>HMAC-SHA256 of the value under a secret, as hex or base64.</dd>
        <dt>
          <code>{'{"id": {{ request.json.id | json }}}'}</code>
        </dt>
        <dd>json quotes a value for a JSON body. Liquid's own tags and filters work too (if, for, default, upcase…).</dd>
      </dl>
    </details>
  );
}
