// The dashboard is served by the gateway at /dashboard/ (gateway/src/gateway/dashboard): every
// asset is bundled into dist/, nothing is loaded from the internet.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` proxies the API to a running gateway (`make up`), so the dev server needs no CORS.
const gateway = process.env.PEELIAN_GATEWAY_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/dashboard/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.DASHBOARD_DEV_PORT ?? 5173),
    strictPort: true,
    // The browser tests write their results here: not a reason to reload the page under test.
    watch: { ignored: ["**/e2e-results/**"] },
    proxy: { "^/(?!dashboard)": { target: gateway, changeOrigin: false } },
  },
});
