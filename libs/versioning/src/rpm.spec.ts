import { VersionSyntaxError } from './errors';
import { compareRpm, parseRpmEvr, rpmvercmp } from './rpm';

// Expected results of rpm's own test suite (tests/rpmvercmp.at), rpm.vercmp(a, b).
const RPMVERCMP_CASES: Array<[string, string, -1 | 0 | 1]> = [
  ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0.1', '2.0', 1], ['2.0.1a', '2.0.1', 1],
  ['5.5p1', '5.5p2', -1], ['5.5p10', '5.5p1', 1], ['10xyz', '10.1xyz', -1], ['xyz10', 'xyz10.1', -1],
  ['xyz.4', '8', -1], ['2', 'xyz.4', 1], ['5.6p1', '5.5p2', 1], ['6.0.rc1', '6.0', 1],
  ['10b2', '10a1', 1], ['10a2', '10b2', -1], ['1.0a', '1.0aa', -1], ['10.0001', '10.1', 0],
  ['10.0001', '10.0039', -1], ['4.999.9', '5.0', -1], ['20101122', '20101121', 1],
  ['2_0', '2.0', 0], ['a+', 'a_', 0], ['+a', '_a', 0], ['_+', '+_', 0], ['+', '_', 0],
  ['1.0~rc1', '1.0', -1], ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc1~git123', '1.0~rc1', -1],
  ['1.0^', '1.0', 1], ['1.0^git1', '1.0', 1], ['1.0^git1', '1.0^git2', -1], ['1.0^git1', '1.01', -1],
  ['1.0^20160101', '1.0.1', -1], ['1.0^20160102', '1.0^20160101^git1', 1],
  ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0^git1', '1.0^git1~pre', 1],
  // Documented oddities (RhBug:811992): a letter after a number compares against the next alpha segment.
  ['1b.fc17', '1.fc17', -1], ['1g.fc17', '1.fc17', 1],
];

describe('rpmvercmp', () => {
  it.each(RPMVERCMP_CASES)('rpmvercmp(%s, %s) = %d', (a, b, expected) => {
    expect(rpmvercmp(a, b)).toBe(expected);
    expect(rpmvercmp(b, a)).toBe(-expected || 0);
  });
});

/** Each row: a < b. Real RHEL / AlmaLinux / Rocky Linux package EVRs. */
const ASCENDING: Array<[string, string, string]> = [
  ['glibc errata with explicit epoch 0', '0:2.28-236.el9_4.1', '0:2.28-236.el9_4.2'],
  ['glibc: a z-stream release above the GA build', '2.28-236.el9', '0:2.28-236.el9_4.1'],
  ['openssh regreSSHion fix (ALSA-2024:4312)', '8.7p1-38.el9', '8.7p1-38.el9_4.1'],
  ['openssh: 4.1 < 4.4 in the release', '8.7p1-38.el9_4.1', '8.7p1-38.el9_4.4'],
  ['AlmaLinux rebuild suffix sorts above the RHEL build (ALSA-2023:5711)', '1:1.20.1-14.el9_2.1', '1:1.20.1-14.el9_2.1.alma.1'],
  ['epoch 1 beats any epoch-0 version', '1.20.1-99.el9', '1:1.20.1-14.el9_2.1.alma.1'],
  ['httpd module stream (ALSA-2024:4720)', '2.4.37-62.module_el8.10.0+3819+f6fd6fd9', '2.4.37-65.module_el8.10.0+3872+9b8ab21e.1'],
  ['mariadb 10.11 with epoch 3 (ALSA-2025:0912)', '3:10.11.9-1.module_el9.5.0+120+8fb9f5e5', '3:10.11.10-1.module_el9.5.0+135+c9657a87'],
  ['java-11-openjdk on Rocky 8 (RLSA-2021:3891)', '1:11.0.12.0.7-0.el8_4', '1:11.0.13.0.8-1.el8_4'],
  ['bind with epoch 32 (RHSA-2025:23414)', '32:9.8.2-0.68.rc1.el6_10.16', '32:9.8.2-0.68.rc1.el6_10.17'],
  ['kernel z-stream', '5.14.0-427.13.1.el9_4', '5.14.0-427.18.1.el9_4'],
  ['kernel minor release', '4.18.0-513.24.1.el8_9', '4.18.0-553.el8_10'],
  ['postgresql 16 module (ALSA-2024:5929)', '16.3-1.module_el9.4.0+109+624ac33a', '16.4-1.module_el9.4.0+109+624ac33a'],
  ['tilde pre-release below the release', '1.0~rc1-1.el9', '1.0-1.el9'],
  ['caret snapshot above the release', '1.0-1.el9', '1.0^20240101git1-1.el9'],
];

describe('compareRpm', () => {
  it.each(ASCENDING)('%s: %s < %s', (_label, lower, higher) => {
    expect(compareRpm(lower, higher)).toBe(-1);
    expect(compareRpm(higher, lower)).toBe(1);
  });

  it('treats a missing epoch as 0', () => {
    expect(compareRpm('0:2.28-236.el9_4.1', '2.28-236.el9_4.1')).toBe(0);
    expect(compareRpm(':2.28-236.el9_4.1', '0:2.28-236.el9_4.1')).toBe(0);
  });

  it('compares the release only when both sides have one (rpm dependency semantics)', () => {
    expect(compareRpm('2.34', '2.34-60.el9_2.7')).toBe(0);
    expect(compareRpm('2.35', '2.34-60.el9_2.7')).toBe(1);
  });

  it('rejects empty versions and whitespace', () => {
    expect(() => compareRpm('', '1.0')).toThrow(VersionSyntaxError);
    expect(() => compareRpm('1.0 -1', '1.0')).toThrow('rpm version "1.0 -1" is invalid');
  });
});

describe('parseRpmEvr', () => {
  it('splits epoch, version and release like rpm', () => {
    expect(parseRpmEvr('3:10.11.10-1.module_el9.5.0+135+c9657a87')).toEqual({
      epoch: '3', version: '10.11.10', release: '1.module_el9.5.0+135+c9657a87',
    });
    expect(parseRpmEvr('8.7p1-38.el9_4.1')).toEqual({ epoch: undefined, version: '8.7p1', release: '38.el9_4.1' });
    expect(parseRpmEvr('2.34')).toEqual({ epoch: undefined, version: '2.34', release: undefined });
  });
});
