import { parsePurl } from './purl';

describe('parsePurl', () => {
  it('parses Red Hat RPM purls with arch and epoch qualifiers', () => {
    const purl = parsePurl('pkg:rpm/redhat/bind-libs@9.8.2-0.68.rc1.el6_10.17?arch=x86_64&epoch=32');
    expect(purl).toEqual({
      type: 'rpm', namespace: ['redhat'], name: 'bind-libs', version: '9.8.2-0.68.rc1.el6_10.17',
      qualifiers: new Map([['arch', 'x86_64'], ['epoch', '32']]),
    });
  });

  it('decodes percent-encoding and ignores the subpath', () => {
    const purl = parsePurl('pkg:deb/ubuntu/openssh@1%3A8.9p1-3ubuntu0.10?arch=source&distro=jammy#debian/patches');
    expect(purl).toMatchObject({ type: 'deb', name: 'openssh', version: '1:8.9p1-3ubuntu0.10' });
    expect(purl.qualifiers.get('distro')).toBe('jammy');
  });

  it('handles a purl without version or namespace', () => {
    expect(parsePurl('pkg:generic/openssl')).toMatchObject({ namespace: [], name: 'openssl', version: undefined });
  });

  it.each([
    ['rpm/redhat/x', 'starts with "pkg:"'],
    ['pkg:rpm', 'needs a type and a name'],
    ['pkg:rpm/redhat/x@1?arch', 'is not key=value'],
    ['pkg:rpm/redhat/x%ZZ@1', 'malformed percent-encoding'],
    ['pkg:9rpm/x', 'invalid type'],
  ])('rejects %j (%s)', (text, reason) => {
    expect(() => parsePurl(text)).toThrow(reason);
  });
});
