import type { Client, SFTPWrapper } from 'ssh2';

/** Opens an SFTP session, or resolves undefined when the server offers no SFTP subsystem (hardened images). */
export function openSftp(connection: Client): Promise<SFTPWrapper | undefined> {
  return new Promise((resolve, reject) => {
    try {
      connection.sftp((error, sftp) => {
        if (!error) resolve(sftp);
        else if (/subsystem/i.test(error.message)) resolve(undefined);
        else reject(error);
      });
    } catch (error) {
      reject(error);
    }
  });
}

function put(sftp: SFTPWrapper, source: string | Buffer, remotePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (Buffer.isBuffer(source)) sftp.writeFile(remotePath, source, done);
    else sftp.fastPut(source, remotePath, done);
  });
}

function chmod(sftp: SFTPWrapper, remotePath: string, mode: number): Promise<void> {
  return new Promise((resolve, reject) => sftp.chmod(remotePath, mode, (error) => (error ? reject(error) : resolve())));
}

/** Writes the file over SFTP; on timeout the SFTP channel is closed, which aborts the transfer. */
export async function sftpUpload(sftp: SFTPWrapper, source: string | Buffer, remotePath: string, mode: number | undefined, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SFTP upload to ${remotePath} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  const transfer = (async () => {
    await put(sftp, source, remotePath);
    if (mode !== undefined) await chmod(sftp, remotePath, mode);
  })();
  transfer.catch(() => undefined); // a failure after the timeout already rejected must not go unhandled
  try {
    await Promise.race([transfer, timeout]);
  } finally {
    clearTimeout(timer);
    sftp.end();
  }
}
