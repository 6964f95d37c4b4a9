# syntax=docker/dockerfile:1
# Build: docker build -t resultsbot .
# Run:   docker run --rm -p 8080:8080 resultsbot            (web page and API)
#        docker run --rm resultsbot ask "what was cloud revenue growth?"
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A static binary: no cgo, so it runs on a distroless base. The corpus is
# embedded, so the image needs no data files.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bot ./cmd/bot

# distroless/static carries CA certificates (for Slack and Discord over
# TLS) and a non-root user, and nothing else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bot /bot
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/bot"]
CMD ["serve", "--addr", ":8080"]
