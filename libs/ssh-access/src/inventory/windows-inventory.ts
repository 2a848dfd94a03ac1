import { InstalledPackage, ListeningService, OsInfo, VmInventory } from '@patchproof/contracts';
import { parseCsvRecords } from './csv';

/**
 * The PowerShell that collects a Windows VM's inventory, each printing CSV. Kept with their parsers;
 * running them needs an exec path that does not wrap commands in a POSIX shell (see the README).
 */
export const WINDOWS_INVENTORY_SCRIPTS = {
  os: '$os = Get-CimInstance Win32_OperatingSystem; $ubr = (Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion").UBR; ' +
    '[pscustomobject]@{ Caption = $os.Caption; Version = $os.Version; UBR = $ubr } | ConvertTo-Csv -NoTypeInformation',
  hotfixes: 'Get-HotFix | Select HotFixID,InstalledOn | ConvertTo-Csv',
  programs: 'Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*", ' +
    '"HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*" | Where-Object { $_.DisplayName } | ' +
    'Select DisplayName,DisplayVersion,Publisher | ConvertTo-Csv -NoTypeInformation',
  listening: 'Get-NetTCPConnection -State Listen | Select LocalAddress,LocalPort,@{n="ProcessName";e={(Get-Process -Id $_.OwningProcess).ProcessName}} | ' +
    'ConvertTo-Csv -NoTypeInformation',
} as const;

/** `Caption,Version,UBR` → Windows, its caption, and the full build (10.0.20348 + UBR 2340 → 10.0.20348.2340). */
export function parseWindowsOs(csv: string): OsInfo {
  const [record] = parseCsvRecords(csv);
  const version = record?.Version?.trim() || 'unknown';
  const ubr = record?.UBR?.trim();
  return { family: 'windows', name: (record?.Caption?.trim() || 'Microsoft Windows').slice(0, 100), version: ubr ? `${version}.${ubr}` : version };
}

/** InstalledOn as PowerShell prints it in the en-US culture ("1/9/2024 12:00:00 AM") → 2024-01-09. */
function isoDate(installedOn: string): string | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(installedOn.trim());
  if (!match) return undefined;
  return `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}`;
}

/** Hotfixes (`HotFixID,InstalledOn`) as packages named by their KB, versioned by their install date. */
export function parseHotFixes(csv: string): InstalledPackage[] {
  return parseCsvRecords(csv)
    .filter((record) => /^KB\d+$/i.test(record.HotFixID?.trim() ?? ''))
    .map((record) => ({ name: record.HotFixID.trim().toUpperCase(), version: isoDate(record.InstalledOn ?? '') ?? 'installed' }));
}

/** Programs of the Uninstall registry keys (`DisplayName,DisplayVersion,Publisher`), once per name and version. */
export function parseInstalledPrograms(csv: string): InstalledPackage[] {
  const seen = new Map<string, InstalledPackage>();
  for (const record of parseCsvRecords(csv)) {
    const name = record.DisplayName?.trim();
    if (!name) continue;
    const version = record.DisplayVersion?.trim() || 'unknown';
    seen.set(`${name}\0${version}`, { name: name.slice(0, 200), version: version.slice(0, 100) });
  }
  return [...seen.values()];
}

/** `LocalAddress,LocalPort,ProcessName` → listening services, once per name and port. */
export function parseWindowsListening(csv: string): ListeningService[] {
  const seen = new Map<string, ListeningService>();
  for (const record of parseCsvRecords(csv)) {
    const port = Number(record.LocalPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) continue;
    const name = record.ProcessName?.trim() || 'unknown';
    seen.set(`${name}:${port}`, { name, port });
  }
  return [...seen.values()].sort((a, b) => (a.port ?? 0) - (b.port ?? 0) || a.name.localeCompare(b.name));
}

export interface WindowsInventoryOutputs {
  os: string;
  hotfixes: string;
  programs: string;
  listening: string;
}

/** A Windows VM's inventory from the outputs of WINDOWS_INVENTORY_SCRIPTS. */
export function parseWindowsInventory(vmId: string, outputs: WindowsInventoryOutputs): VmInventory {
  return {
    vmId,
    os: parseWindowsOs(outputs.os),
    packages: [...parseHotFixes(outputs.hotfixes), ...parseInstalledPrograms(outputs.programs)],
    services: parseWindowsListening(outputs.listening),
  };
}
