/**
 * What a command reaches beyond the local files, said in its help so an operator can tell at a glance which commands
 * touch the site (STYLE: help says which commands contact hosts). One owner: every command's description ends with
 * one of these notes, and a test keeps that true.
 */
export type Reach = 'hosts' | 'lab' | 'registry' | 'offline'

export const REACH_NOTES: Readonly<Record<Reach, string>> = {
  hosts: '[contacts hosts over SSH]',
  lab: '[local docker lab only]',
  registry: '[downloads from the terraform registry; contacts no host]',
  offline: '[offline: contacts no host]',
}

/** A command's description with its reach note appended. */
export const reaching = (reach: Reach, description: string): string => `${description} ${REACH_NOTES[reach]}`
