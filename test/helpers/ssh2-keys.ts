import ssh2 from 'ssh2'

type KeyPairOptions = Parameters<typeof ssh2.utils.generateKeyPairSync>[1]

/**
 * An ed25519 key pair that ssh2 can read back. ssh2 1.17's generator strips leading zero bytes from the public key,
 * so about 1 pair in 256 is unreadable ("Malformed OpenSSH public/private key", mscdex/ssh2#1390 and #1513): a test
 * drawing one at random would fail at that rate. Keys that parse are drawn again until one does.
 */
export function ed25519KeyPair(options?: KeyPairOptions): {private: string; public: string} {
  for (let attempt = 0; attempt < 50; attempt++) {
    const pair = options === undefined ? ssh2.utils.generateKeyPairSync('ed25519') : ssh2.utils.generateKeyPairSync('ed25519', options)
    const passphrase = options && 'passphrase' in options ? options.passphrase : undefined
    if (!(ssh2.utils.parseKey(pair.public) instanceof Error) && !(ssh2.utils.parseKey(pair.private, passphrase) instanceof Error)) return pair
  }
  throw new Error('ssh2 produced 50 unreadable ed25519 key pairs in a row')
}
