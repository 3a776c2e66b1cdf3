import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the application with hot reload and sends /api to a running
// `ciclo serve` (CICLO_API, default http://localhost:3000); `vite build` writes dist/ for it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: { "/api": process.env.CICLO_API ?? "http://localhost:3000" },
  },
});
