import { describe, expect, it } from "vitest";
import { ApiError } from "../lib/api";
import { errorMessage } from "./errors";
import { format, messages, type Translate } from "./messages";

const t: Translate = (key, values) => format(messages.en[key], values);

describe("errorMessage", () => {
  it("asks for a drawing in the words of the mode", () => {
    const blank = new ApiError(0, "blank_image", "");
    expect(errorMessage(t, blank)).toBe("Draw a digit first.");
    expect(errorMessage(t, blank, "errorBlankNumber")).toBe("Write a number first.");
  });

  it("says known failures plainly and passes the server's words through otherwise", () => {
    expect(errorMessage(t, new ApiError(0, "network", "x"))).toMatch(/could not be reached/);
    expect(errorMessage(t, new ApiError(429, "throttled", "x"))).toMatch(/^Too many drawings/);
    expect(errorMessage(t, new ApiError(415, "not_an_image", "Not readable."))).toBe("Something went wrong: Not readable.");
  });
});
