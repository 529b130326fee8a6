import {describe, expect, it} from 'vitest'
import {MESSAGES, REPORT_LANGS, sayer} from '../../../src/report/messages/index.js'

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort()

describe('report message tables', () => {
  it('every language has exactly the keys of every other', () => {
    const keys = REPORT_LANGS.map((l) => Object.keys(MESSAGES[l]).sort())
    for (const k of keys) expect(k).toEqual(keys[0])
  })

  it('no message is empty and each keeps the placeholders of the English one', () => {
    for (const lang of REPORT_LANGS)
      for (const [key, text] of Object.entries(MESSAGES[lang])) {
        expect(text.trim(), `${lang}.${key}`).not.toBe('')
        expect(placeholders(text), `${lang}.${key}`).toEqual(placeholders(MESSAGES.en[key as keyof typeof MESSAGES.en]))
      }
  })

  it('Bahasa Indonesia is a translation, not a copy of the labels', () => {
    const same = Object.entries(MESSAGES.id).filter(([k, v]) => MESSAGES.en[k as keyof typeof MESSAGES.en] === v)
    // Words that are the same in both languages (Host, Port, Domain, Disk, VM) are few; a table left in English is not.
    expect(same.length).toBeLessThan(12)
    expect(sayer('id')('ofTotal', {n: 3, total: 8})).toBe('3 dari 8')
    expect(sayer('en')('ofTotal', {n: 3, total: 8})).toBe('3 of 8')
  })
})
