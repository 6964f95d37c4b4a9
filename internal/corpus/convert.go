package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/resultsbot/resultsbot/internal/convert"
)

// ErrUnsupported means a file of a type Load does not read (a .docx, an
// image): it is named, with this reason, and skipped.
var ErrUnsupported = errors.New("unsupported type")

// converters maps the extensions of the files Load converts to their
// converter (internal/convert). Such a file's Document.Raw is the
// converted text, front matter included, not the file's bytes.
var converters = map[string]func([]byte) (convert.Document, error){
	".html": htmlFile,
	".htm":  htmlFile,
	".pdf":  convert.PDF,
}

func htmlFile(b []byte) (convert.Document, error) { return convert.HTML(b, "", "") }

// documentTypes lists the extensions Load reads, for messages.
const documentTypes = ".md, .txt, .html, .htm, .pdf"

// unsupported returns the reason a file that is not a document is skipped.
func unsupported(name string) error {
	ext := strings.ToLower(path.Ext(name))
	if ext == "" {
		return fmt.Errorf("%w: no extension (documents are %s)", ErrUnsupported, documentTypes)
	}
	return fmt.Errorf("%w: %s (documents are %s)", ErrUnsupported, ext, documentTypes)
}

// keptText returns the text Load keeps for file p: the file itself for
// Markdown and plain text, the converted Markdown for HTML and PDF. The
// converter's company (read from the lead) goes into the front matter only
// when no registry company is named in the text, which then decides as it
// does for any document.
func keptText(p string, raw []byte, registry []Company) ([]byte, error) {
	conv, ok := converters[strings.ToLower(path.Ext(p))]
	if !ok {
		return raw, nil
	}
	d, err := conv(raw)
	if err != nil {
		return nil, err
	}
	if _, known := detectCompany(registry, d.Body); known {
		d.Meta.Company, d.Meta.Tickers = "", nil
	}
	return []byte(d.Markdown()), nil
}

// RegistryCompany returns the company of the registry at the root of fsys
// (companies.yaml) that text names most often, as Load reads the company of
// a document whose front matter names none. ok is false when there is no
// registry, it does not parse, or text names none of its companies.
func RegistryCompany(fsys fs.FS, text string) (co Company, ok bool) {
	b, err := fs.ReadFile(fsys, RegistryFile)
	if err != nil {
		return Company{}, false
	}
	registry, _ := parseRegistry(b) // a bad entry leaves the others
	return detectCompany(registry, text)
}
