# odoo-mcp in a FROM scratch image: the binary, the loader and C library it links, CA certificates, /tmp and a
# non-root user — nothing else (scripts/rootfs.sh lists every file). `make image` builds the runtime stage below from
# the locally built binary, offline; `docker build .` builds the binary first.
#
#   docker run -e ODOO_URL=… -e DATABASE=… -e ODOO_MCP_UID=… -e ODOO_MCP_API_KEY_FILE=/run/secrets/odoo_api_key \
#     -e ODOO_MCP_HTTP_AUTH_TOKEN_FILE=/run/secrets/mcp_token -p 8080:8080 odoo-mcp

FROM docker.io/library/node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends make ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN rm -rf node_modules .tools dist && make build && scripts/rootfs.sh dist/odoo-mcp /rootfs

# --- runtime (make image starts here, with dist/rootfs/ in place of the build stage's /rootfs/) ---
FROM scratch
COPY --from=build /rootfs/ /
USER 10001:10001
WORKDIR /home/odoo-mcp
# Serve HTTP on every interface of the container; binding beyond loopback requires a token: give it as
# ODOO_MCP_HTTP_AUTH_TOKEN or, better, a secret file named by ODOO_MCP_HTTP_AUTH_TOKEN_FILE.
ENV CONNECTION_TYPE=sse \
    ODOO_MCP_HTTP_HOST=0.0.0.0 \
    ODOO_MCP_HTTP_PORT=8080 \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 CMD ["/usr/local/bin/odoo-mcp", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/odoo-mcp"]
CMD ["serve"]
