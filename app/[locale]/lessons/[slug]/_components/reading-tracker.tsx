"use client";
import { useEffect } from "react";
import { recordReadingAction } from "../actions";

const REPORT_EVERY_MS = 15_000;

/** How far down the article the bottom of the viewport has come, 0..100. */
function percentRead(article: HTMLElement): number {
  const rect = article.getBoundingClientRect();
  if (rect.height <= 0) return 0;
  const seen = window.innerHeight - rect.top;
  return Math.max(0, Math.min(100, Math.round((seen / rect.height) * 100)));
}

/**
 * Reports reading progress for a signed-in learner: the furthest point scrolled and the time the page
 * was visible, at most once every 15 s (and once more when the tab is hidden). Renders nothing.
 */
export function ReadingTracker({ slug, articleId }: { slug: string; articleId: string }) {
  useEffect(() => {
    const article = document.getElementById(articleId);
    if (!article) return;
    let furthest = percentRead(article);
    let sentPercent = -1;
    let visibleMs = 0;
    let visibleSince: number | null = document.visibilityState === "visible" ? performance.now() : null;
    let lastSent = performance.now();
    let frame = 0;

    // Adds the visible time since the last tick, then notes whether the page is visible from now on.
    const tick = () => {
      const now = performance.now();
      if (visibleSince !== null) visibleMs += now - visibleSince;
      visibleSince = document.visibilityState === "visible" ? now : null;
    };
    const send = () => {
      tick();
      const now = performance.now();
      if (now - lastSent < REPORT_EVERY_MS - 500) return;
      const seconds = Math.min(60, Math.floor(visibleMs / 1000));
      if (furthest <= sentPercent && seconds < 1) return;
      visibleMs -= seconds * 1000;
      sentPercent = Math.max(sentPercent, furthest);
      lastSent = now;
      recordReadingAction({ lessonSlug: slug, percent: furthest, seconds }).catch(() => {});
    };
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        furthest = Math.max(furthest, percentRead(article));
      });
    };
    const onVisibility = () => {
      tick();
      if (document.visibilityState === "hidden") send();
    };

    const timer = setInterval(send, REPORT_EVERY_MS);
    window.addEventListener("scroll", onScroll, { passive: true });
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [slug, articleId]);
  return null;
}
