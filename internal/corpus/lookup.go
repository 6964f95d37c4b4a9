package corpus

import (
	"strconv"
	"strings"
)

// Doc returns the document at path (corpus-relative, slash-separated), and
// false when there is none.
func (c *Corpus) Doc(path string) (*Document, bool) {
	for _, d := range c.Docs {
		if d.Path == path {
			return d, true
		}
	}
	return nil, false
}

// Passage returns the passage with the given ID ("alibaba/x.md#7"), and false
// when the document or the position does not exist.
func (c *Corpus) Passage(id string) (Passage, bool) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return Passage{}, false
	}
	seq, err := strconv.Atoi(id[i+1:])
	if err != nil || seq < 0 {
		return Passage{}, false
	}
	d, ok := c.Doc(id[:i])
	if !ok || seq >= len(d.Passages) {
		return Passage{}, false
	}
	return d.Passages[seq], true
}

// Company returns the registry entry that goes by nameOrAlias: its name,
// short name, an alias or a ticker, compared case-insensitively ("alibaba",
// "BABA", "NYSE:BABA", "HKEX: 9988"). It returns false for an unknown
// company; a business segment ("Alibaba Cloud") is not a company.
func (c *Corpus) Company(nameOrAlias string) (Company, bool) {
	return lookupCompany(c.Companies, nameOrAlias)
}

// Passages returns every passage of every document, documents in Path order
// and passages in document order. The slice is new on each call; the
// passages share their Meta with the documents and must not be modified.
func (c *Corpus) Passages() []Passage {
	n := 0
	for _, d := range c.Docs {
		n += len(d.Passages)
	}
	all := make([]Passage, 0, n)
	for _, d := range c.Docs {
		all = append(all, d.Passages...)
	}
	return all
}
