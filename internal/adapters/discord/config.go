package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrConfig is returned by New for a configuration it cannot run with. The
// wrapped message names the setting at fault, never its value.
var ErrConfig = errors.New("discord: invalid configuration")

// Config configures the Discord adapter. Its fields come from the
// environment (see ConfigFromEnv); the adapter is enabled when BotToken or
// PublicKey is set.
type Config struct {
	// BotToken is the bot's token (DISCORD_BOT_TOKEN). With it, Run
	// connects to the gateway, answers mentions and DMs, answers /ask
	// interactions that arrive over the gateway, and registers /ask.
	BotToken string
	// PublicKey is the application's public key in hex
	// (DISCORD_PUBLIC_KEY). With it, Register serves the HTTP interactions
	// endpoint POST /discord/interactions.
	PublicKey string
	// ApplicationID is the application's ID (DISCORD_APPLICATION_ID), used
	// to register /ask. When empty, the ID the gateway's READY reports is
	// used.
	ApplicationID string
	// GuildID registers /ask in that guild only (DISCORD_GUILD_ID), where
	// it shows at once; empty registers it globally.
	GuildID string
	// APIURL replaces https://discord.com for every REST call and for
	// gateway discovery (DISCORD_API_URL), for tests and proxies: the
	// scheme and host are replaced and its path is prepended, so
	// "http://127.0.0.1:8081/proxy" turns
	// https://discord.com/api/v9/gateway into
	// http://127.0.0.1:8081/proxy/api/v9/gateway. Empty means Discord's.
	APIURL string
	// PublicURL is the bot's public base URL (PUBLIC_URL). When set,
	// citations link to PublicURL + Citation.Link.
	PublicURL string
	// Company is the company a question is about when it names none.
	// Optional; main sets it.
	Company string
}

// ConfigFromEnv reads the Config from environment variables through getenv
// (os.Getenv in main, a map in tests): DISCORD_BOT_TOKEN,
// DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID,
// DISCORD_API_URL and PUBLIC_URL. Values are trimmed of surrounding space.
// Company is left for main to set.
func ConfigFromEnv(getenv func(string) string) Config {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{
		BotToken:      get("DISCORD_BOT_TOKEN"),
		PublicKey:     get("DISCORD_PUBLIC_KEY"),
		ApplicationID: get("DISCORD_APPLICATION_ID"),
		GuildID:       get("DISCORD_GUILD_ID"),
		APIURL:        get("DISCORD_API_URL"),
		PublicURL:     get("PUBLIC_URL"),
	}
	return c
}

// Enabled reports whether the adapter has anything to do: a bot token for
// the gateway or a public key for the HTTP interactions endpoint.
func (c Config) Enabled() bool { return c.BotToken != "" || c.PublicKey != "" }

// String describes c for logs without secrets.
func (c Config) String() string {
	return fmt.Sprintf("discord{gateway=%t http=%t application_id=%q guild_id=%q api_url=%q public_url=%q company=%q}",
		c.BotToken != "", c.PublicKey != "", c.ApplicationID, c.GuildID, c.APIURL, c.PublicURL, c.Company)
}

// validate checks c and returns the decoded public key (nil when unset)
// and the parsed API URL (nil when unset).
func (c Config) validate() (ed25519.PublicKey, *url.URL, error) {
	if !c.Enabled() {
		return nil, nil, fmt.Errorf("%w: set DISCORD_BOT_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions)", ErrConfig)
	}
	var key ed25519.PublicKey
	if c.PublicKey != "" {
		b, err := hex.DecodeString(c.PublicKey)
		if err != nil || len(b) != ed25519.PublicKeySize {
			return nil, nil, fmt.Errorf("%w: DISCORD_PUBLIC_KEY must be %d bytes in hex", ErrConfig, ed25519.PublicKeySize)
		}
		key = ed25519.PublicKey(b)
	}
	var api *url.URL
	if c.APIURL != "" {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, fmt.Errorf("%w: DISCORD_API_URL must be an http(s) URL", ErrConfig)
		}
		api = u
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, nil, fmt.Errorf("%w: PUBLIC_URL must be an http(s) URL", ErrConfig)
		}
	}
	return key, api, nil
}
