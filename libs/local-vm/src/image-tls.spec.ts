import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageId } from './base-image';
import { NGINX_TLS_SITE, tlsServersOf } from './image-tls';
import { parseTemplate } from './template';

describe('HTTPS in base images', () => {
  it('is on for the web servers of a package set that has ssl-cert', () => {
    expect(tlsServersOf(['nginx', 'ssl-cert'])).toEqual(['nginx']);
    expect(tlsServersOf(['apache2', 'ssl-cert'])).toEqual(['apache2']);
    expect(tlsServersOf(['nginx-light', 'apache2', 'ssl-cert', 'postgresql'])).toEqual(['nginx', 'apache2']);
  });

  it('is off without ssl-cert, and ssl-cert alone configures nothing', () => {
    expect(tlsServersOf(['nginx', 'apache2'])).toEqual([]);
    expect(tlsServersOf(['ssl-cert', 'postgresql', 'haproxy'])).toEqual([]);
  });

  it('is on for both web servers of pattern B, whose images differ from those without ssl-cert', () => {
    const template = parseTemplate(readFileSync(join(__dirname, '..', 'templates', 'pattern-b.yaml'), 'utf8'));
    expect(template.servers.map((server) => [server.name, tlsServersOf(server.packages)])).toEqual([['web_nginx', ['nginx']], ['web_apache', ['apache2']]]);
    expect(imageId(['nginx', 'ssl-cert'], 'bookworm', 'amd64')).not.toBe(imageId(['nginx'], 'bookworm', 'amd64'));
  });

  it('gives nginx a 443 server block with the snakeoil pair of nginx-common', () => {
    expect(NGINX_TLS_SITE).toMatch(/^\s*listen 443 ssl default_server;$/m);
    expect(NGINX_TLS_SITE).toMatch(/^\s*include snippets\/snakeoil\.conf;$/m);
  });
});
