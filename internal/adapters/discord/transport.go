package discord

import (
	"net/http"
	"net/url"
	"strings"
)

// discordHost is the host discordgo's endpoints name.
const discordHost = "discord.com"

// rewrite sends requests for https://discord.com to base instead: the
// scheme and host are replaced and base's path is prepended. discordgo's
// endpoints are package-level variables, which a program must not change,
// so DISCORD_API_URL works at the transport of the Session's own client.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != discordHost {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = strings.TrimSuffix(t.base.Path, "/") + r.URL.Path
	if r.URL.RawPath != "" {
		r.URL.RawPath = strings.TrimSuffix(t.base.EscapedPath(), "/") + r.URL.RawPath
	}
	r.Host = ""
	return t.next.RoundTrip(r)
}
