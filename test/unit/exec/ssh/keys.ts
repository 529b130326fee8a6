/** Fixed ed25519 public keys with the fingerprints `ssh-keygen -lf` printed for them. */
export const KEY_A = {
  line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGQ7CR2kxAravg4bVS9kM+wZs4AqUK9vN1JtM0xzpTTn',
  blob: Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIGQ7CR2kxAravg4bVS9kM+wZs4AqUK9vN1JtM0xzpTTn', 'base64'),
  fingerprint: 'SHA256:ZIAsMIsfnZabPTJk6xO2DWg3fKe39pXXmaWemChOy3g',
}
export const KEY_B = {
  line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHlzEl6Id2RvBNA5Q7tH4taFWBdwGbAKixdEF37bwwFJ',
  blob: Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIHlzEl6Id2RvBNA5Q7tH4taFWBdwGbAKixdEF37bwwFJ', 'base64'),
  fingerprint: 'SHA256:iUunZIKR4th/G5yleenTDZePh4/Wet0Sit5EAvLdpPM',
}
/** `ssh-keygen -H` output for KEY_A under "[10.10.0.11]:2222" and "hv1.example". */
export const HASHED_A = [
  `|1|FiLWqCJEbxhyj7+yJ1V4dgf1+kk=|/64K/prcDx/VbE/fuVv0XG4cMzI= ${KEY_A.line}`,
  `|1|j/zj7fJn4osC24bUPHefQRGloMM=|Ovq4jCmfqAlDyp1MNu6E/UP5P8A= ${KEY_A.line}`,
].join('\n')
