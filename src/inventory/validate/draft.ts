import type {IssueSpec} from '../../errors/catalog.js'
import type {KeyPath, LocateTarget} from '../locate.js'

/** Where a value lives: a file and the key path inside it. */
export interface Ref {
  file: string
  path: KeyPath
}

/** An issue before it has a line and column; the loader resolves `at` through locate.ts. */
export interface IssueDraft {
  spec: IssueSpec
  at: Ref
  target?: LocateTarget
  /** Key path shown to the user when it differs from `at.path` (a missing key is shown, its parent is located). */
  shown?: KeyPath
}

export const draft = (spec: IssueSpec, at: Ref, target: LocateTarget = 'value', shown?: KeyPath): IssueDraft =>
  shown ? {spec, at, target, shown} : {spec, at, target}

export const child = (ref: Ref, ...segs: KeyPath): Ref => ({file: ref.file, path: [...ref.path, ...segs]})
