/**
 * CSV cells for exports (RFC 4180 quoting). A cell that a spreadsheet would read as a formula (=, +, -, @, tab,
 * carriage return first) is prefixed with a quote mark, so a userName chosen by an attacker cannot run in the
 * auditor's spreadsheet (OWASP, CSV injection).
 */
export function csvCell(value: unknown): string {
  let text =
    value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
