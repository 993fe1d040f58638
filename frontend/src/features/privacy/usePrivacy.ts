import { useEffect, useState } from "react";
import { api, type Privacy } from "../../lib/api";

/** How long this site keeps drawings (null until the server has said). */
export function usePrivacy(): Privacy | null {
  const [privacy, setPrivacy] = useState<Privacy | null>(null);
  useEffect(() => {
    let current = true;
    api
      .privacy()
      .then((answer) => current && setPrivacy(answer))
      .catch(() => {});
    return () => {
      current = false;
    };
  }, []);
  return privacy;
}
