import { runAcceptanceScenarios } from "./scenarios.js";
import { slackKit } from "./slack-driver.js";

runAcceptanceScenarios(slackKit());
