/** Counts successful SSH handshakes (jump hosts included), so tests and benchmarks can prove connection reuse. */
export const sshStats: {connections: number} = {connections: 0}
