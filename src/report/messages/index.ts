import {en, type MessageKey} from './en.js'
import {id} from './id.js'

/** The report's languages: `--lang en|id`. */
export const REPORT_LANGS = ['en', 'id'] as const
export type ReportLang = (typeof REPORT_LANGS)[number]

export type {MessageKey}

/** One message table per language; adding a language is adding a table here and to REPORT_LANGS. */
export const MESSAGES: Readonly<Record<ReportLang, Readonly<Record<MessageKey, string>>>> = {en, id}

/** A message in `lang` with its `{name}` placeholders filled. */
export type Say = (key: MessageKey, vars?: Record<string, string | number>) => string

export const sayer =
  (lang: ReportLang): Say =>
  (key, vars = {}) =>
    MESSAGES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
