import { getLocale, getTranslations } from "next-intl/server";
import { getFlowRun } from "#lib/flows/run";
import { localizeFlowRun, type FlowRun } from "#lib/flows/types";
import { FlowPlayerIsland, type FlowPlayerLabels } from "./flow-player";

/** The component-flow animation of a scenario, run on the simulator on the server (cached by content hash). */
export async function FlowPlayer({ scenario }: { scenario: string }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("flowPlayer")]);
  let run: FlowRun;
  try {
    run = await getFlowRun(scenario);
  } catch (e) {
    // The lesson stays readable; the unit tests run every scenario, so this is not silent in CI.
    console.error(e);
    return (
      <p role="note" className="my-6 rounded border border-dashed border-slate-400 px-4 py-3 text-sm" data-flow-scenario={scenario}>
        {t("unavailable")}
      </p>
    );
  }
  const labels: FlowPlayerLabels = {
    title: t("title"),
    play: t("play"),
    pause: t("pause"),
    stepBack: t("stepBack"),
    stepForward: t("stepForward"),
    restart: t("restart"),
    speed: t("speed"),
    stepOf: t.raw("stepOf") as string,
    commands: t("commands"),
    steps: t("steps"),
    controlPlane: t("controlPlane"),
    unscheduled: t("unscheduled"),
    keyboard: t("keyboard"),
  };
  return (
    <div data-flow-scenario={scenario}>
      <FlowPlayerIsland run={localizeFlowRun(run, locale === "ko" ? "ko" : "en")} labels={labels} />
    </div>
  );
}
