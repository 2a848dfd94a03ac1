import { LocalVmError } from './errors';
import { readGuestFile, runInGuestRoot, writeGuestFile } from './guest';
import { SERVICE_PACKAGES } from './template';

/** The package whose presence in an image's package set turns HTTPS on for its web servers. */
export const TLS_PACKAGE = 'ssl-cert';
/** ssl-cert's self-signed pair, made by its postinst (`make-ssl-cert generate-default-snakeoil`) while the image is built. */
export const SNAKEOIL_CERTIFICATE = '/etc/ssl/certs/ssl-cert-snakeoil.pem';
export const SNAKEOIL_KEY = '/etc/ssl/private/ssl-cert-snakeoil.key';

const TLS_SERVERS = ['nginx', 'apache2'] as const;
export type TlsServer = (typeof TLS_SERVERS)[number];

/** nginx's HTTPS site: what Debian's default site serves, on 443 with the snakeoil pair (nginx-common's snippets/snakeoil.conf). */
export const NGINX_TLS_SITE = `# Written by patchproof's image recipe (libs/local-vm): HTTPS on 443 with ssl-cert's snakeoil certificate.
server {
	listen 443 ssl default_server;
	listen [::]:443 ssl default_server;
	include snippets/snakeoil.conf;

	root /var/www/html;
	index index.html index.htm index.nginx-debian.html;
	server_name _;

	location / {
		try_files $uri $uri/ =404;
	}
}
`;
const NGINX_SITE_AVAILABLE = '/etc/nginx/sites-available/default-ssl';
const NGINX_SITE_ENABLED = '/etc/nginx/sites-enabled/default-ssl';

/** The web servers of a package set that serve HTTPS: nginx and apache2, when ssl-cert is in the set too. */
export function tlsServersOf(packages: readonly string[]): TlsServer[] {
  if (!packages.includes(TLS_PACKAGE)) return [];
  return TLS_SERVERS.filter((server) => packages.some((name) => SERVICE_PACKAGES[server].matches.test(name)));
}

/**
 * Turns HTTPS on in a freshly bootstrapped root filesystem for the web servers `tlsServersOf` names:
 * nginx gets a site of its own (sites-available/default-ssl, enabled by a symlink as Debian's default
 * site is), apache2 `a2enmod ssl` and Debian's own `default-ssl` site. No file a package owns is
 * edited, so a patch upgrading nginx or apache2 in a VM never meets a changed conffile. Returns the
 * servers configured; throws when ssl-cert left no certificate or key.
 */
export async function enableImageTls(rootfs: string, packages: readonly string[]): Promise<TlsServer[]> {
  const servers = tlsServersOf(packages);
  if (servers.length === 0) return [];
  const certificate = await readGuestFile(rootfs, SNAKEOIL_CERTIFICATE);
  if (!certificate?.includes('-----BEGIN CERTIFICATE-----')) throw new LocalVmError(`${TLS_PACKAGE} made no certificate at ${SNAKEOIL_CERTIFICATE}`);
  await runInGuestRoot(rootfs, ['/usr/bin/test', '-s', SNAKEOIL_KEY]).catch(() => {
    throw new LocalVmError(`${TLS_PACKAGE} made no private key at ${SNAKEOIL_KEY}`);
  });
  for (const server of servers) {
    if (server === 'nginx') {
      await writeGuestFile(rootfs, NGINX_SITE_AVAILABLE, NGINX_TLS_SITE);
      await runInGuestRoot(rootfs, ['/bin/ln', '-sfn', NGINX_SITE_AVAILABLE, NGINX_SITE_ENABLED]);
    } else {
      await runInGuestRoot(rootfs, ['/usr/sbin/a2enmod', '-q', 'ssl']);
      await runInGuestRoot(rootfs, ['/usr/sbin/a2ensite', '-q', 'default-ssl']);
    }
  }
  return servers;
}
