export interface CsvCell {
  value: string;
  /** Whether the cell was written in quotes. */
  quoted: boolean;
}

/** Reads RFC 4180 CSV one character at a time. */
class CsvReader {
  readonly rows: CsvCell[][] = [];
  private row: CsvCell[] = [];
  private cell = '';
  private quoted = false;
  private inQuotes = false;

  constructor(private readonly source: string) {}

  read(): CsvCell[][] {
    for (let index = 0; index < this.source.length; index++) index = this.step(index);
    if (this.cell !== '' || this.quoted || this.row.length > 0) this.endRow();
    return this.rows;
  }

  /** Consumes the character at `index` (and a second one for `""` and `\r\n`); returns the last index consumed. */
  private step(index: number): number {
    const char = this.source[index];
    const next = this.source[index + 1];
    if (this.inQuotes) {
      if (char === '"' && next === '"') {
        this.cell += '"';
        return index + 1;
      }
      if (char === '"') this.inQuotes = false;
      else this.cell += char;
      return index;
    }
    if (char === '"') {
      this.inQuotes = true;
      this.quoted = true;
    } else if (char === ',') this.endCell();
    else if (char === '\n' || char === '\r') {
      this.endRow();
      return char === '\r' && next === '\n' ? index + 1 : index;
    } else this.cell += char;
    return index;
  }

  private endCell(): void {
    this.row.push({ value: this.cell, quoted: this.quoted });
    this.cell = '';
    this.quoted = false;
  }

  private endRow(): void {
    this.endCell();
    this.rows.push(this.row);
    this.row = [];
  }
}

/**
 * RFC 4180 CSV (quotes doubled inside quoted cells, which may span lines), as written by PowerShell's
 * ConvertTo-Csv and psql --csv. Accepts \r\n or \n line ends and a leading byte-order mark.
 */
export function parseCsvCells(text: string): CsvCell[][] {
  return new CsvReader(text.replace(/^\uFEFF/, '')).read();
}

function isBlankOrTypeLine(row: CsvCell[]): boolean {
  return row.length === 1 && !row[0].quoted && (row[0].value === '' || row[0].value.startsWith('#TYPE'));
}

/** CSV with a header line as records; PowerShell 5.1's `#TYPE …` line before the header is skipped. */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...body] = parseCsvCells(text).filter((row) => !isBlankOrTypeLine(row));
  if (!header) return [];
  const names = header.map((cell) => cell.value.trim());
  return body.map((row) => Object.fromEntries(names.map((name, index) => [name, row[index]?.value ?? ''])));
}
