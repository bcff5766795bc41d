import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-EAXNAL3U.js";
import "./chunk-4JVJUNFY.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
