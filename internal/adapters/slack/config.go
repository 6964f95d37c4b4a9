package slack

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ErrConfig is returned by New for a configuration it cannot run with. The
// wrapped message names the setting at fault, never its value.
var ErrConfig = errors.New("slack: invalid configuration")

// DefaultCommand is the slash command's name when SLACK_COMMAND is unset.
const DefaultCommand = "/results"

// Config holds the adapter's settings. Its String method never shows a
// token or the signing secret.
type Config struct {
	BotToken      string // SLACK_BOT_TOKEN: xoxb-…, for the Web API
	AppToken      string // SLACK_APP_TOKEN: xapp-…, turns on Socket Mode
	SigningSecret string // SLACK_SIGNING_SECRET: turns on the HTTP routes
	APIURL        string // SLACK_API_URL: Web API base URL; "" = Slack's
	Command       string // SLACK_COMMAND: slash command name, default "/results"
	PublicURL     string // PUBLIC_URL: citation links are PublicURL + Citation.Link when set
	Company       string // default company for questions naming none; optional
}

// ConfigFromEnv reads the settings from the environment through getenv
// (os.Getenv in main).
func ConfigFromEnv(getenv func(string) string) Config {
	c := Config{
		BotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		APIURL:        strings.TrimSpace(getenv("SLACK_API_URL")),
		Command:       strings.TrimSpace(getenv("SLACK_COMMAND")),
		PublicURL:     strings.TrimSpace(getenv("PUBLIC_URL")),
	}
	if c.Command == "" {
		c.Command = DefaultCommand
	}
	return c
}

// Enabled reports whether the settings are present for the adapter to run:
// a bot token, plus an app token (Socket Mode) or a signing secret (HTTP).
func (c Config) Enabled() bool {
	return c.BotToken != "" && (c.AppToken != "" || c.SigningSecret != "")
}

// String describes c for logs without secrets.
func (c Config) String() string {
	return fmt.Sprintf("slack{socket_mode=%t http=%t api_url=%q command=%q public_url=%q company=%q}",
		c.AppToken != "", c.SigningSecret != "", c.APIURL, c.Command, c.PublicURL, c.Company)
}

// validate checks c and fills in defaults.
func (c Config) validate() (Config, error) {
	if c.BotToken == "" {
		return c, fmt.Errorf("%w: SLACK_BOT_TOKEN is required", ErrConfig)
	}
	if !strings.HasPrefix(c.BotToken, "xoxb-") {
		return c, fmt.Errorf("%w: SLACK_BOT_TOKEN must be a bot token (xoxb-…)", ErrConfig)
	}
	if c.AppToken == "" && c.SigningSecret == "" {
		return c, fmt.Errorf("%w: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP Events API)", ErrConfig)
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		return c, fmt.Errorf("%w: SLACK_APP_TOKEN must be an app-level token (xapp-…)", ErrConfig)
	}
	if c.Command == "" {
		c.Command = DefaultCommand
	}
	if !strings.HasPrefix(c.Command, "/") {
		c.Command = "/" + c.Command
	}
	if c.APIURL != "" {
		if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("%w: SLACK_API_URL must be an http(s) URL", ErrConfig)
		}
		if !strings.HasSuffix(c.APIURL, "/") {
			c.APIURL += "/"
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("%w: PUBLIC_URL must be an http(s) URL", ErrConfig)
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	}
	return c, nil
}
