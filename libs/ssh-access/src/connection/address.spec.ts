import { parseAddress, urlHost } from './address';

describe('parseAddress', () => {
  it.each([
    ['198.18.0.10', { host: '198.18.0.10' }],
    ['198.18.0.10:2222', { host: '198.18.0.10', port: 2222 }],
    ['db1.acme.internal', { host: 'db1.acme.internal' }],
    ['fd00::10', { host: 'fd00::10' }],
    ['[fd00::10]', { host: 'fd00::10' }],
    ['[fd00::10]:22', { host: 'fd00::10', port: 22 }],
  ])('reads %s', (address, expected) => {
    expect(parseAddress(address)).toEqual(expected);
  });

  it.each(['', 'host:0', 'host:99999', 'a b', 'user@host', '[fd00::10]:x'])('refuses %j', (address) => {
    expect(() => parseAddress(address)).toThrow();
  });

  it('brackets IPv6 hosts for URLs', () => {
    expect(urlHost('fd00::10')).toBe('[fd00::10]');
    expect(urlHost('198.18.0.10')).toBe('198.18.0.10');
  });
});
