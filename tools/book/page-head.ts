/**
 * The `<head>` every page of the book shares: KaTeX's and the book's styles, and plotly.js loaded
 * before any figure (so figures draw on load and never need their on-demand loader).
 */
import { escapeHtml } from "../../src/runtime/html";

export const BOOK_TITLE = "Executable proofs of transformer training dynamics";

export function head(title: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/hljs.css">
<link rel="stylesheet" href="assets/book.css">
<script src="assets/plotly.min.js"></script>
</head><body>`;
}
