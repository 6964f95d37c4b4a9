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
	return c.Names().Lookup(nameOrAlias)
}

// Names returns the matcher of the companies' names (see Names). For a
// Corpus not made by Load it is built from Companies on each call.
func (c *Corpus) Names() *Names {
	if c.names == nil {
		return NewNames(c.Companies)
	}
	return c.names
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

// corporateSuffixes are the legal-form words a short name drops.
var corporateSuffixes = map[string]bool{
	"inc": true, "inc.": true, "incorporated": true, "corp": true, "corp.": true, "corporation": true,
	"co": true, "co.": true, "company": true, "ltd": true, "ltd.": true, "limited": true, "llc": true,
	"plc": true, "ag": true, "se": true, "sa": true, "s.a.": true, "nv": true, "n.v.": true, "ab": true,
	"asa": true, "oyj": true, "kk": true, "k.k.": true, "gmbh": true, "holdings": true, "holding": true,
	"group": true, "& co.": true, "the": false,
}

// ShortName is what people call a company: its name without legal-form
// words, "Alibaba Group Holding Limited" -> "Alibaba", "Norvane
// Technologies Inc." -> "Norvane Technologies". A name that would be left
// empty is returned whole.
func ShortName(name string) string {
	f := strings.Fields(strings.ReplaceAll(name, ",", " "))
	for len(f) > 1 && corporateSuffixes[strings.ToLower(f[len(f)-1])] {
		f = f[:len(f)-1]
	}
	if len(f) == 0 {
		return name
	}
	return strings.Join(f, " ")
}
